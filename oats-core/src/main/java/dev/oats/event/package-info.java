/**
 * Everything an investigation does, as typed events. The transcript, the terminal view, the
 * execution summary, the server's store and the UI timeline are all views over one ordered stream
 * of these events.
 */
package dev.oats.event;
