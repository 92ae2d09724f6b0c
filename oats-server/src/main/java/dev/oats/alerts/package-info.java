/**
 * Alerts from Alertmanager starting investigations: the webhook payload, the filters, and the
 * intake that deduplicates by fingerprint and caps starts per hour.
 */
package dev.oats.alerts;
