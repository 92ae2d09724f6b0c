package dev.oats.runner;

/**
 * The server a runner runs investigations for: told of their events and ends ({@link RunListener}),
 * and the issuer of the tokens with which an agent in a Job of its own reports back. A runner sees
 * this much of the server and no more, so that runners depend on no server code.
 */
public interface RunnerHost extends RunListener {

  /** A fresh token that lets an agent deliver this investigation's events, and nothing else. */
  String issueEventToken(String investigationId);

  /** This server replica's name, unique among the replicas sharing a store. */
  String replicaId();
}
