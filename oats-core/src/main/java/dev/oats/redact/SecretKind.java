package dev.oats.redact;

import java.util.Locale;

/**
 * What kind of secret a {@link Redactor} replaced. The kind, and only the kind, survives in the
 * marker, so the model and the engineer still learn that a credential was there and what it was
 * for.
 */
public enum SecretKind {
  ANTHROPIC_API_KEY,
  OPENAI_API_KEY,
  GOOGLE_API_KEY,
  GITHUB_TOKEN,
  GITLAB_TOKEN,
  SLACK_TOKEN,
  /** The secret path of a Slack incoming webhook; the host stays visible. */
  SLACK_WEBHOOK_URL,
  STRIPE_KEY,
  AWS_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY,
  /** {@code AccountKey=} or {@code SharedAccessKey=} in an Azure connection string. */
  AZURE_STORAGE_KEY,
  /** The {@code private_key} of a GCP service-account JSON file. */
  GCP_SERVICE_ACCOUNT_KEY,
  HUGGINGFACE_TOKEN,
  NPM_TOKEN,
  SENDGRID_API_KEY,
  TWILIO_API_KEY,
  JWT,
  /** The credential of an {@code Authorization: Bearer} header. */
  BEARER_TOKEN,
  /** The encoded user and password of an {@code Authorization: Basic} header. */
  BASIC_AUTH,
  /** The body of a PEM private key block, or a value assigned to a {@code private_key} key. */
  PRIVATE_KEY,
  /** A value assigned to a key such as {@code password}, {@code passwd} or {@code DB_PASSWORD}. */
  PASSWORD,
  /** A value assigned to a key ending in {@code secret} or {@code secret_key}. */
  SECRET,
  CLIENT_SECRET,
  /** A value assigned to a key ending in {@code token}. */
  TOKEN,
  /** A value assigned to a key ending in {@code api_key} or {@code access_key}. */
  API_KEY,
  /** The password in a URL or connection string; the scheme, user and host stay visible. */
  URL_PASSWORD,
  /** A value under {@code data:} or {@code stringData:} of a Kubernetes Secret. */
  KUBERNETES_SECRET_DATA,
  /** The {@code auth} field of a Docker registry config ({@code .dockerconfigjson}). */
  DOCKER_REGISTRY_AUTH,
  /** The {@code client-key-data} of a kubeconfig user. */
  KUBECONFIG_CLIENT_KEY,
  /** A value the redactor was told about, such as an API key OATS itself is configured with. */
  KNOWN_SECRET;

  private final String id = name().toLowerCase(Locale.ROOT);
  private final String marker = "[REDACTED:" + id + "]";

  /** The kind as it appears in markers, e.g. {@code github_token}. */
  public String id() {
    return id;
  }

  /** What replaces a secret of this kind, e.g. {@code [REDACTED:github_token]}. */
  public String marker() {
    return marker;
  }
}
