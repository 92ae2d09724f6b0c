/**
 * The HTTP API: one route table ({@link dev.oats.api.ApiServer}) pointing at small handlers, typed
 * errors mapped to {@code {"error": {"code", "message"}}} in one place.
 */
package dev.oats.api;
