/**
 * The wiring: {@link dev.oats.server.wiring.OatsServer} builds the whole server from its
 * configuration (store, keys, replicas, the investigation service, runner, notifications, alert
 * intake and HTTP API) and nothing else depends on it, so that the packages it joins use one
 * another one way only.
 */
package dev.oats.server.wiring;
