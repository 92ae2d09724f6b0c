/**
 * Notifications to the team: when an investigation ends or a call waits for approval, the routes
 * whose matchers and events fit get a message — a Slack incoming webhook (Block Kit), a Microsoft
 * Teams workflow webhook (an Adaptive Card) or a generic JSON webhook. Delivery runs on threads of
 * its own, retried with backoff, and never delays or fails the investigation; its outcome is in the
 * metrics and the log, with the webhook URL (a secret) never shown.
 */
package dev.oats.notify;
