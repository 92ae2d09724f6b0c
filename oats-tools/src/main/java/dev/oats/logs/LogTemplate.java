package dev.oats.logs;

/**
 * A mined template as it stands now.
 *
 * @param id the stable id the miner gave it
 * @param text the template: the message's tokens joined by single spaces, variables as {@code <*>}
 * @param count how many lines have joined it so far
 */
public record LogTemplate(int id, String text, long count) {}
