package dev.oats.store;

/**
 * The investigation an earlier submit stored under a {@link SubmitKey}, and that submit's request
 * digest.
 */
public record KeyedInvestigation(String investigationId, String requestDigest) {}
