/**
 * OATS's one source of configuration: {@code oats.yaml} (optional) overridden by environment
 * variables, read once at the edge into an immutable {@link dev.oats.config.OatsConfig}.
 */
package dev.oats.config;
