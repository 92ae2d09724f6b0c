package dev.oats.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tool as a model sees it: what the provider's tool definition is made from.
 *
 * @param name the tool's name
 * @param description when and how to use it
 * @param inputSchema a JSON Schema of type object for its arguments
 */
public record ToolSpec(String name, String description, ObjectNode inputSchema) {}
