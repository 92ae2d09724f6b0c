/**
 * The engine: the ReAct {@link dev.oats.agent.AgentLoop}, the {@link dev.oats.agent.ToolExecutor}
 * that runs tool calls under the safety policy, the {@link dev.oats.agent.ToolRegistry}, the
 * context budget and the two wire protocols (native tool calling and the seed's text protocol). It
 * depends only on the SPIs in {@code dev.oats.model}, {@code dev.oats.tool} and {@code
 * dev.oats.event}; no provider, HTTP-server or Kubernetes type reaches it.
 */
package dev.oats.agent;
