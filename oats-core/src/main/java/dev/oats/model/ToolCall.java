package dev.oats.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A model's request to run a tool.
 *
 * @param id the provider's id for the call, echoed back with its result
 * @param name the tool's name
 * @param arguments the arguments as a JSON object
 */
public record ToolCall(String id, String name, ObjectNode arguments) {}
