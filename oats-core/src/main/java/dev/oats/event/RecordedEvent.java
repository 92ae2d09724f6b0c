package dev.oats.event;

import java.time.Instant;

/**
 * An event as recorded: its place in the investigation's log and when it happened.
 *
 * @param seq the position in the log, from 1, with no gaps
 * @param at when it was emitted
 * @param event the fact itself
 */
public record RecordedEvent(long seq, Instant at, AgentEvent event) {}
