/**
 * The secret redactor. Every tool output, event, log line and prompt passes through {@link
 * dev.oats.redact.Redactor} before it reaches the model, the event store, the UI or the logs, so a
 * credential that a tool happens to print is replaced by a marker such as {@code
 * [REDACTED:github_token]} that keeps what kind of secret was there but not its value.
 */
package dev.oats.redact;
