/**
 * The OATS server's services: the investigation service that ties the store, the runners, the event
 * bus and the metrics together, with the API keys, socket tickets and replicas beside it. The HTTP
 * API, alert intake and notifications use them; {@link dev.oats.server.wiring} builds them.
 */
package dev.oats.server;
