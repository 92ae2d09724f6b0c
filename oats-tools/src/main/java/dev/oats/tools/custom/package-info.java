/**
 * Tools users add without recompiling: YAML tool files (a command template with typed parameters,
 * run as an argv with the shell tools' limits) and the tools of MCP servers (over stdio or
 * streamable HTTP, with the official MCP Java SDK). {@link dev.oats.tools.custom.CustomTools} is
 * the provider and documents both formats.
 */
package dev.oats.tools.custom;
