package dev.oats.redact;

import static dev.oats.redact.SecretKind.ANTHROPIC_API_KEY;
import static dev.oats.redact.SecretKind.AWS_ACCESS_KEY_ID;
import static dev.oats.redact.SecretKind.AZURE_STORAGE_KEY;
import static dev.oats.redact.SecretKind.BASIC_AUTH;
import static dev.oats.redact.SecretKind.BEARER_TOKEN;
import static dev.oats.redact.SecretKind.DOCKER_REGISTRY_AUTH;
import static dev.oats.redact.SecretKind.GCP_SERVICE_ACCOUNT_KEY;
import static dev.oats.redact.SecretKind.GITHUB_TOKEN;
import static dev.oats.redact.SecretKind.GITLAB_TOKEN;
import static dev.oats.redact.SecretKind.GOOGLE_API_KEY;
import static dev.oats.redact.SecretKind.HUGGINGFACE_TOKEN;
import static dev.oats.redact.SecretKind.JWT;
import static dev.oats.redact.SecretKind.KUBECONFIG_CLIENT_KEY;
import static dev.oats.redact.SecretKind.KUBERNETES_SECRET_DATA;
import static dev.oats.redact.SecretKind.NPM_TOKEN;
import static dev.oats.redact.SecretKind.OPENAI_API_KEY;
import static dev.oats.redact.SecretKind.SENDGRID_API_KEY;
import static dev.oats.redact.SecretKind.SLACK_TOKEN;
import static dev.oats.redact.SecretKind.SLACK_WEBHOOK_URL;
import static dev.oats.redact.SecretKind.STRIPE_KEY;
import static dev.oats.redact.SecretKind.TWILIO_API_KEY;
import static dev.oats.redact.SecretKind.URL_PASSWORD;

import java.util.List;

/**
 * The detectors of {@link Redactor#standard()}, most specific first: when two findings start at the
 * same place, the earlier detector names the kind ({@code ANTHROPIC_API_KEY=sk-ant-...} is an
 * Anthropic key before it is an API key).
 *
 * <p>Vendor tokens are matched by their documented prefix and a minimum length, starting at a word
 * boundary so that a prefix inside a longer identifier does not count. Quantifiers over a class
 * that cannot also match what follows are possessive ({@code ++}, {@code {n,}+}): they never give
 * characters back, so a long near-miss costs one pass, not a backtracking search.
 */
final class StandardDetectors {

  private StandardDetectors() {}

  /** A JSON string's content: anything but quotes, backslashes and line breaks, or an escape. */
  private static final String JSON_STRING_CONTENT = "(?:[^\"\\\\\\n]++|\\\\.)*+";

  static final List<Detector> ALL =
      List.of(
          PatternDetector.of(ANTHROPIC_API_KEY, "\\bsk-ant-[A-Za-z0-9_-]{20,}+", "sk-ant-"),
          // Project, service-account and admin keys carry a dash-separated infix; legacy keys are
          // one long alphanumeric run, which is what keeps a pod named sk-payments-7d9f8b6c5-x2x9q
          // out.
          PatternDetector.of(
              OPENAI_API_KEY,
              "\\bsk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}+|[A-Za-z0-9]{32,}+)",
              "sk-"),
          PatternDetector.of(GOOGLE_API_KEY, "\\bAIza[0-9A-Za-z_-]{35}", "aiza"),
          PatternDetector.of(
              GITHUB_TOKEN,
              "\\b(?:gh[pousr]_[A-Za-z0-9]{36,}+|github_pat_[A-Za-z0-9_]{22,}+)",
              "ghp_",
              "gho_",
              "ghu_",
              "ghs_",
              "ghr_",
              "github_pat_"),
          PatternDetector.of(GITLAB_TOKEN, "\\bglpat-[A-Za-z0-9_-]{20,}+", "glpat-"),
          PatternDetector.of(SLACK_TOKEN, "\\bxox[abposr]-[A-Za-z0-9-]{10,}+", "xox"),
          // The workspace and channel ids and the secret are all in the path; the host stays so
          // the reader knows a Slack webhook was configured.
          PatternDetector.of(
              SLACK_WEBHOOK_URL,
              "https://hooks\\.slack\\.com/(?:services|workflows|triggers)/(?<secret>[A-Za-z0-9_/-]++)",
              "hooks.slack.com"),
          PatternDetector.of(
              STRIPE_KEY, "\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}+", "_live_", "_test_"),
          // Case-sensitive on purpose: key ids are upper case, and "asia" appears in time zones.
          PatternDetector.of(AWS_ACCESS_KEY_ID, "\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b", "akia", "asia"),
          PatternDetector.of(HUGGINGFACE_TOKEN, "\\bhf_[A-Za-z0-9]{30,}+", "hf_"),
          PatternDetector.of(NPM_TOKEN, "\\bnpm_[A-Za-z0-9]{36,}+", "npm_"),
          PatternDetector.of(
              SENDGRID_API_KEY, "\\bSG\\.[A-Za-z0-9_-]{20,}+\\.[A-Za-z0-9_-]{40,}+", "sg."),
          // API key sids are "SK" and 32 hex digits; the account sid ("AC...") is an identifier.
          PatternDetector.of(TWILIO_API_KEY, "\\bSK[0-9a-fA-F]{32}\\b", "sk"),
          // Before the PEM detector, so the whole JSON string is one finding of this kind.
          PatternDetector.of(
              GCP_SERVICE_ACCOUNT_KEY,
              "\"private_key\"[ \\t]*:[ \\t]*\"(?<secret>-----BEGIN" + JSON_STRING_CONTENT + ")\"",
              "\"private_key\""),
          new PemBlockDetector(),
          // Header and payload are base64url JSON objects, so both start with "eyJ" ('{"').
          PatternDetector.of(
              JWT, "\\beyJ[A-Za-z0-9_-]{10,}+\\.eyJ[A-Za-z0-9_-]{10,}+\\.[A-Za-z0-9_-]*+", "eyj"),
          PatternDetector.of(
              AZURE_STORAGE_KEY,
              "(?i)\\b(?:AccountKey|SharedAccessKey)=(?<secret>[A-Za-z0-9+/=]{20,}+)",
              "accountkey=",
              "sharedaccesskey="),
          PatternDetector.of(
              DOCKER_REGISTRY_AUTH,
              "\"auth\"[ \\t]*:[ \\t]*\"(?<secret>[A-Za-z0-9+/=]{4,}+)\"",
              "\"auth\""),
          PatternDetector.of(
              KUBECONFIG_CLIENT_KEY,
              "[\"']?client-key-data[\"']?[ \\t]*:[ \\t]*[\"']?(?<secret>[A-Za-z0-9+/=]{16,}+)",
              "client-key-data"),
          // scheme://user:password@host. The password is greedy (and bounded) so that it runs to
          // the LAST '@' before the host: a raw '@' inside a password must not leak its tail.
          // The user may be empty, as in redis://:password@host.
          PatternDetector.of(
              URL_PASSWORD,
              "(?i)\\b[a-z][a-z0-9+.-]{1,30}+://[^\\s:/@?#\"'<>]{0,256}+:"
                  + "(?<secret>[^\\s/?#\"'<>]{1,256})@",
              "://"),
          new UrlCredentialDetector(),
          PatternDetector.of(
              BEARER_TOKEN,
              "(?i)\\bauthorization[\"']?[ \\t]*[:=][ \\t]*[\"']?bearer[ \\t]++"
                  + "(?<secret>[A-Za-z0-9._~+/=-]++)",
              "bearer"),
          PatternDetector.of(
              BASIC_AUTH,
              "(?i)\\bauthorization[\"']?[ \\t]*[:=][ \\t]*[\"']?basic[ \\t]++"
                  + "(?<secret>[A-Za-z0-9+/=]++)",
              "basic"),
          // kubectl apply keeps a copy of the whole manifest in this annotation; in JSON output it
          // is an escaped string the manifest scanner cannot see into, so a Secret's copy is
          // hidden whole. (In YAML output the copy is plain JSON the scanner reads.)
          PatternDetector.of(
                  KUBERNETES_SECRET_DATA,
                  "\"kubectl\\.kubernetes\\.io/last-applied-configuration\"[ \\t]*:[ \\t]*\""
                      + "(?<secret>"
                      + JSON_STRING_CONTENT
                      + ")\"",
                  "last-applied-configuration")
              .accepting(copy -> copy.contains("\\\"kind\\\":\\\"Secret\\\"")),
          new SecretManifestYamlDetector(),
          new SecretManifestJsonDetector(),
          new KeyValueDetector());
}
