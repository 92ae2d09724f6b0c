/**
 * The tool SPI: what a tool is, what it may use, and what it returns. Built-in tools, plugin jars
 * (found with {@link java.util.ServiceLoader} through {@link dev.oats.tool.ToolProvider}), YAML
 * tools and MCP tools all implement {@link dev.oats.tool.Tool}. The executor in {@code
 * dev.oats.agent} validates arguments, enforces time limits, caps output and applies the safety
 * policy, so a tool only does its one job.
 */
package dev.oats.tool;
