package dev.oats.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RedactorTest {

  // Alphabets of the fake secret material; first, since the constants below are built from them.
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String DIGITS = "0123456789";
  private static final String ALNUM = UPPER + UPPER.toLowerCase(java.util.Locale.ROOT) + DIGITS;

  /** A value the corpus redactor is told about, as OATS is told about its own API keys. */
  private static final String CONFIGURED_KEY = "oats-" + alnum(28, 99);

  private static final Redactor REDACTOR = Redactor.withKnownSecrets(List.of(CONFIGURED_KEY));

  // Fake secrets are generated from fixed seeds and assembled from parts, so that nothing that
  // looks like a real credential is committed verbatim and secret scanners stay quiet.

  private static final String ANTHROPIC = "sk-ant-" + "api03-" + token(93, 1) + "AA";
  private static final String OPENAI_PROJECT = "sk-" + "proj-" + token(120, 2);
  private static final String OPENAI_LEGACY = "sk-" + alnum(48, 3);
  private static final String GOOGLE = "AI" + "za" + token(35, 4);
  private static final String GITHUB_CLASSIC = "gh" + "p_" + alnum(36, 5);
  private static final String GITHUB_APP = "gh" + "s_" + alnum(36, 6);
  private static final String GITHUB_FINE_GRAINED =
      "github" + "_pat_" + alnum(22, 7) + "_" + alnum(59, 8);
  private static final String GITLAB = "gl" + "pat-" + alnum(20, 9);
  private static final String SLACK_BOT = "xo" + "xb-" + digits(13, 10) + "-" + alnum(24, 11);
  private static final String SLACK_USER =
      "xo" + "xp-" + digits(12, 12) + "-" + digits(12, 13) + "-" + hex(32, 14);
  private static final String SLACK_HOOK_PATH =
      "T" + upper(8, 15) + "/B" + upper(10, 16) + "/" + alnum(24, 17);
  private static final String STRIPE_SECRET = "sk" + "_live_" + alnum(24, 18);
  private static final String STRIPE_RESTRICTED = "rk" + "_live_" + alnum(24, 19);
  private static final String AWS_KEY_ID = "AK" + "IA" + upper(16, 20);
  private static final String AWS_SESSION_KEY_ID = "AS" + "IA" + upper(16, 21);
  private static final String AWS_SECRET = base64Chars(40, 22);
  private static final String AWS_SESSION_TOKEN = base64Chars(120, 23);
  private static final String AZURE_ACCOUNT_KEY = base64Chars(86, 24) + "==";
  private static final String HUGGINGFACE = "hf" + "_" + alnum(34, 25);
  private static final String NPM = "np" + "m_" + alnum(36, 26);
  private static final String SENDGRID = "S" + "G." + token(22, 27) + "." + token(43, 28);
  private static final String TWILIO = "S" + "K" + hex(32, 29);
  private static final String JWT_TOKEN =
      base64Url("{\"alg\":\"RS256\",\"kid\":\"" + alnum(16, 30) + "\"}")
          + "."
          + base64Url(
              "{\"iss\":\"kubernetes/serviceaccount\",\"sub\":\"system:serviceaccount:ci:deployer\"}")
          + "."
          + token(86, 31);
  private static final String OPAQUE_BEARER = alnum(40, 32);
  private static final String BASIC = base64("oats-bot:" + alnum(16, 33));
  private static final String PASSWORD = alnum(18, 34);
  private static final String SECRET_VALUE = alnum(32, 35);
  private static final String DOCKER_AUTH = base64("ci-pull:" + alnum(20, 36));
  private static final String CLIENT_KEY_DATA = base64Chars(120, 37) + "==";
  private static final String PEM_BODY = pemBody(38);
  private static final String SECRET_DATA_PASSWORD = base64(alnum(16, 39));
  private static final String SECRET_DATA_USER = base64("checkout");

  record Hidden(String value, SecretKind kind) {}

  record Case(String name, String input, List<Hidden> hidden) {
    Case hides(String value, SecretKind kind) {
      List<Hidden> more = new ArrayList<>(hidden);
      more.add(new Hidden(value, kind));
      return new Case(name, input, more);
    }

    /** The input with every hidden value replaced by its marker, longest first. */
    String expected() {
      String expected = input;
      for (Hidden h :
          hidden.stream()
              .sorted(Comparator.comparingInt((Hidden x) -> x.value().length()).reversed())
              .toList()) {
        expected = expected.replace(h.value(), h.kind().marker());
      }
      return expected;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static Case sample(String name, String input) {
    return new Case(name, input, List.of());
  }

  static Stream<Case> secrets() {
    return Stream.of(
        sample(
                "Anthropic key in a retry log line",
                "2026-11-25T10:01:02Z WARN retrying POST https://api.anthropic.com/v1/messages"
                    + " with key "
                    + ANTHROPIC
                    + " (attempt 2/3)")
            .hides(ANTHROPIC, SecretKind.ANTHROPIC_API_KEY),
        sample(
                "Anthropic key in an env file",
                "ANTHROPIC_API_KEY=" + ANTHROPIC + "\nLOG_LEVEL=info")
            .hides(ANTHROPIC, SecretKind.ANTHROPIC_API_KEY),
        sample(
                "OpenAI project key in an error",
                "Error code: 401 - {'error': {'message': 'Incorrect API key provided: "
                    + OPENAI_PROJECT
                    + ". You can find your API key at https://platform.openai.com/account/api-keys.',"
                    + " 'type': 'invalid_request_error'}}")
            .hides(OPENAI_PROJECT, SecretKind.OPENAI_API_KEY),
        sample("OpenAI legacy key", "export OPENAI_API_KEY=" + OPENAI_LEGACY)
            .hides(OPENAI_LEGACY, SecretKind.OPENAI_API_KEY),
        sample(
                "Google API key in a query string",
                "GET https://generativelanguage.googleapis.com/v1beta/models?key="
                    + GOOGLE
                    + " HTTP/1.1\" 403")
            .hides(GOOGLE, SecretKind.GOOGLE_API_KEY),
        sample("GitHub classic token", "GITHUB_TOKEN=" + GITHUB_CLASSIC)
            .hides(GITHUB_CLASSIC, SecretKind.GITHUB_TOKEN),
        sample(
                "GitHub app token in a clone URL",
                "Cloning into 'oats'...\ngit clone https://x-access-token:"
                    + GITHUB_APP
                    + "@github.com/oats-dev/oats.git")
            .hides(GITHUB_APP, SecretKind.GITHUB_TOKEN),
        sample(
                "GitHub fine-grained token header",
                "curl -H 'Authorization: token "
                    + GITHUB_FINE_GRAINED
                    + "' https://api.github.com/repos/oats-dev/oats")
            .hides(GITHUB_FINE_GRAINED, SecretKind.GITHUB_TOKEN),
        sample(
                "GitLab token header",
                "curl --header \"PRIVATE-TOKEN: "
                    + GITLAB
                    + "\" https://gitlab.example.com/api/v4/projects")
            .hides(GITLAB, SecretKind.GITLAB_TOKEN),
        sample(
                "Slack bot token in an error",
                "slack: posting to #oncall failed: invalid_auth (token " + SLACK_BOT + ")")
            .hides(SLACK_BOT, SecretKind.SLACK_TOKEN),
        sample("Slack user token", "SLACK_USER_TOKEN=" + SLACK_USER)
            .hides(SLACK_USER, SecretKind.SLACK_TOKEN),
        sample(
                "Slack webhook in an Alertmanager config",
                "receivers:\n- name: oncall\n  slack_configs:\n  - api_url: https://hooks.slack.com/services/"
                    + SLACK_HOOK_PATH
                    + "\n    channel: '#oncall'")
            .hides(SLACK_HOOK_PATH, SecretKind.SLACK_WEBHOOK_URL),
        sample("Stripe secret key", "STRIPE_SECRET_KEY=" + STRIPE_SECRET + "\nSTRIPE_MODE=live")
            .hides(STRIPE_SECRET, SecretKind.STRIPE_KEY),
        sample(
                "Stripe restricted key",
                "stripe: request failed with restricted key "
                    + STRIPE_RESTRICTED
                    + ": permission denied")
            .hides(STRIPE_RESTRICTED, SecretKind.STRIPE_KEY),
        sample(
                "AWS credentials file",
                "[default]\naws_access_key_id = "
                    + AWS_KEY_ID
                    + "\naws_secret_access_key = "
                    + AWS_SECRET
                    + "\nregion = eu-west-1")
            .hides(AWS_KEY_ID, SecretKind.AWS_ACCESS_KEY_ID)
            .hides(AWS_SECRET, SecretKind.AWS_SECRET_ACCESS_KEY),
        sample(
                "AWS STS assume-role output",
                "{\n    \"Credentials\": {\n        \"AccessKeyId\": \""
                    + AWS_SESSION_KEY_ID
                    + "\",\n        \"SecretAccessKey\": \""
                    + AWS_SECRET
                    + "\",\n        \"SessionToken\": \""
                    + AWS_SESSION_TOKEN
                    + "\",\n        \"Expiration\": \"2026-11-25T11:01:02+00:00\"\n    }\n}")
            .hides(AWS_SESSION_KEY_ID, SecretKind.AWS_ACCESS_KEY_ID)
            .hides(AWS_SECRET, SecretKind.AWS_SECRET_ACCESS_KEY)
            .hides(AWS_SESSION_TOKEN, SecretKind.TOKEN),
        sample(
                "Azure storage connection string",
                "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=oatsdiag;AccountKey="
                    + AZURE_ACCOUNT_KEY
                    + ";EndpointSuffix=core.windows.net")
            .hides(AZURE_ACCOUNT_KEY, SecretKind.AZURE_STORAGE_KEY),
        gcpServiceAccount(),
        sample(
                "HuggingFace token in an error",
                "HfHubHTTPError: 401 Client Error for url https://huggingface.co/api/whoami-v2"
                    + " (token "
                    + HUGGINGFACE
                    + ")")
            .hides(HUGGINGFACE, SecretKind.HUGGINGFACE_TOKEN),
        sample(
                "npm token in .npmrc",
                "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=" + NPM)
            .hides(NPM, SecretKind.NPM_TOKEN),
        sample("SendGrid key", "mailer: sending with " + SENDGRID + " via smtp.sendgrid.net:587")
            .hides(SENDGRID, SecretKind.SENDGRID_API_KEY),
        sample(
                "Twilio API key, account sid kept",
                "twilio: authenticating with API key " + TWILIO + " for account AC" + hex(32, 40))
            .hides(TWILIO, SecretKind.TWILIO_API_KEY),
        sample(
                "JWT in kubectl describe of a service-account token",
                "Name:         deployer-token\nNamespace:    ci\nType:  kubernetes.io/service-account-token"
                    + "\n\nData\n====\nca.crt:     1099 bytes\nnamespace:  2 bytes\ntoken:      "
                    + JWT_TOKEN
                    + "\n")
            .hides(JWT_TOKEN, SecretKind.JWT),
        sample(
                "Bearer header in curl",
                "curl -sS -H \"Authorization: Bearer "
                    + OPAQUE_BEARER
                    + "\" https://orders.payments.svc/api/v1/orders")
            .hides(OPAQUE_BEARER, SecretKind.BEARER_TOKEN),
        sample(
                "Basic header in curl -v",
                "> GET /metrics HTTP/1.1\n> Host: 10.244.1.17:9090\n> Authorization: Basic "
                    + BASIC
                    + "\n> User-Agent: curl/8.5.0")
            .hides(BASIC, SecretKind.BASIC_AUTH),
        sample(
                "RSA private key block",
                "$ cat /etc/ssl/private/server.key\n-----BEGIN RSA PRIVATE KEY-----\n"
                    + PEM_BODY
                    + "\n-----END RSA PRIVATE KEY-----\n$ ")
            .hides(PEM_BODY, SecretKind.PRIVATE_KEY),
        sample(
                "OpenSSH private key block",
                "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                    + PEM_BODY
                    + "\n-----END OPENSSH PRIVATE KEY-----")
            .hides(PEM_BODY, SecretKind.PRIVATE_KEY),
        sample(
                "EC private key block cut off by truncation",
                "-----BEGIN EC PRIVATE KEY-----\n" + PEM_BODY)
            .hides(PEM_BODY, SecretKind.PRIVATE_KEY),
        sample(
                "password in a logfmt line",
                "level=error msg=\"db connect failed\" user=checkout password="
                    + PASSWORD
                    + " host=db.payments.svc")
            .hides(PASSWORD, SecretKind.PASSWORD),
        sample("passwd in YAML", "smtp:\n  user: alerts\n  passwd: " + PASSWORD + "\n  port: 587")
            .hides(PASSWORD, SecretKind.PASSWORD),
        sample(
                "password in JSON",
                "{\"username\":\"checkout\",\"password\":\"" + PASSWORD + "\",\"port\":5432}")
            .hides(PASSWORD, SecretKind.PASSWORD),
        sample("password in an env var", "DB_HOST=db.payments.svc\nDB_PASSWORD=" + PASSWORD)
            .hides(PASSWORD, SecretKind.PASSWORD),
        // .env files and Helm values name passwords short: cat config/app.env printed them whole
        sample(
                "short password key in an env file",
                "DB_HOST=db\nDB_PASS=" + PASSWORD + "\nDB_PORT=5432")
            .hides(PASSWORD, SecretKind.PASSWORD),
        sample("pwd key in an env file", "export MYSQL_PWD='" + PASSWORD + "'\nMYSQL_USER=app")
            .hides(PASSWORD, SecretKind.PASSWORD),
        sample("pw key in YAML", "ldap:\n  bind_pw: " + PASSWORD + "\n  host: ldap.corp")
            .hides(PASSWORD, SecretKind.PASSWORD),
        sample("dotted pass key", "smtp.pass=" + PASSWORD + "\nsmtp.port=587")
            .hides(PASSWORD, SecretKind.PASSWORD),
        // kubectl get pods -o custom-columns=ENV:.spec.containers[*].env prints Go maps
        sample(
                "password in a container env as kubectl prints a Go map",
                "ENV\n[map[name:LOG_LEVEL value:info] map[name:DB_PASSWORD value:"
                    + PASSWORD
                    + "] map[name:DB_HOST value:db]]")
            .hides(PASSWORD, SecretKind.PASSWORD),
        sample("quoted password with spaces", "password = \"correct horse " + PASSWORD + "\"")
            .hides("correct horse " + PASSWORD, SecretKind.PASSWORD),
        sample(
                "password in kubectl describe pod environment",
                "    Environment:\n      DB_USER:      checkout\n      DB_PASSWORD:  "
                    + PASSWORD
                    + "\n    Mounts:")
            .hides(PASSWORD, SecretKind.PASSWORD),
        sample(
                "password in a container env in YAML",
                "    env:\n    - name: POSTGRES_PASSWORD\n      value: \""
                    + PASSWORD
                    + "\"\n    - name: POSTGRES_DB\n      value: orders")
            .hides(PASSWORD, SecretKind.PASSWORD),
        sample(
                "password in a container env in JSON",
                "\"env\": [\n  {\n    \"name\": \"POSTGRES_PASSWORD\",\n    \"value\": \""
                    + PASSWORD
                    + "\"\n  }\n]")
            .hides(PASSWORD, SecretKind.PASSWORD),
        sample(
                "password as a command-line flag",
                "psql --host db.payments.svc --password " + PASSWORD + " --dbname orders")
            .hides(PASSWORD, SecretKind.PASSWORD),
        sample("secret in YAML", "webhook:\n  secret: " + SECRET_VALUE + "\n  url: /hooks")
            .hides(SECRET_VALUE, SecretKind.SECRET),
        sample("Django secret key", "DJANGO_SECRET_KEY='" + SECRET_VALUE + "'")
            .hides(SECRET_VALUE, SecretKind.SECRET),
        sample(
                "client_secret in a token request",
                "POST /oauth/token grant_type=client_credentials&client_id=oats&client_secret="
                    + SECRET_VALUE
                    + "&scope=read")
            .hides(SECRET_VALUE, SecretKind.CLIENT_SECRET),
        sample(
                "clientSecret in JSON",
                "{\"clientId\": \"oats\", \"clientSecret\": \"" + SECRET_VALUE + "\"}")
            .hides(SECRET_VALUE, SecretKind.CLIENT_SECRET),
        sample(
                "OAuth token response",
                "{\"access_token\":\""
                    + OPAQUE_BEARER
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\""
                    + SECRET_VALUE
                    + "\"}")
            .hides(OPAQUE_BEARER, SecretKind.TOKEN)
            .hides(SECRET_VALUE, SecretKind.TOKEN),
        sample(
                "token in a query string",
                "GET /api/v1/export?token=" + SECRET_VALUE + "&page=2 HTTP/1.1")
            .hides(SECRET_VALUE, SecretKind.TOKEN),
        sample(
                "api_key in a logfmt line",
                "component=billing api_key=" + SECRET_VALUE + " status=401")
            .hides(SECRET_VALUE, SecretKind.API_KEY),
        sample("X-API-Key header", "> POST /v1/ingest HTTP/1.1\n> X-API-Key: " + SECRET_VALUE)
            .hides(SECRET_VALUE, SecretKind.API_KEY),
        sample(
                "postgres URL",
                "DATABASE_URL=postgres://checkout:"
                    + PASSWORD
                    + "@db.payments.svc:5432/orders?sslmode=require")
            .hides(PASSWORD, SecretKind.URL_PASSWORD),
        sample(
                "mysql URL",
                "dial tcp: connecting to mysql://root:" + PASSWORD + "@mysql-0.mysql:3306/shop")
            .hides(PASSWORD, SecretKind.URL_PASSWORD),
        sample(
                "mongodb+srv URL",
                "MONGO_URI=mongodb+srv://app:" + PASSWORD + "@cluster0.abcde.mongodb.net/prod")
            .hides(PASSWORD, SecretKind.URL_PASSWORD),
        sample(
                "redis URL without a user",
                "redis: connecting to redis://:" + PASSWORD + "@redis-master.cache.svc:6379/0")
            .hides(PASSWORD, SecretKind.URL_PASSWORD),
        sample(
                "amqp URL",
                "broker_url: amqp://orders:" + PASSWORD + "@rabbitmq.messaging.svc:5672/%2F")
            .hides(PASSWORD, SecretKind.URL_PASSWORD),
        sample(
                "https URL with a raw @ in the password",
                "proxy=https://svc-proxy:p@ss" + PASSWORD + "@proxy.corp.example:8443")
            .hides("p@ss" + PASSWORD, SecretKind.URL_PASSWORD),
        sample("kubectl get secret -o yaml", secretYaml())
            .hides(SECRET_DATA_PASSWORD, SecretKind.KUBERNETES_SECRET_DATA)
            .hides(SECRET_DATA_USER, SecretKind.KUBERNETES_SECRET_DATA),
        secretJson(),
        secretListYaml(),
        sample(
                "Secret manifest with stringData and a block scalar",
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: oats-config\nstringData:\n"
                    + "  config.yaml: |\n    database:\n      host: db.payments.svc\n      user: oats\n"
                    + "  BASE_URL: \"https://api.example.com\"\ntype: Opaque\n")
            .hides(
                "|\n    database:\n      host: db.payments.svc\n      user: oats",
                SecretKind.KUBERNETES_SECRET_DATA)
            .hides("\"https://api.example.com\"", SecretKind.KUBERNETES_SECRET_DATA),
        sample(
                "Secret manifest in compact JSON with stringData",
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"oats-env\"},"
                    + "\"stringData\":{\"WEBHOOK_URL\":\"https://hooks.example.com/"
                    + SECRET_VALUE
                    + "\",\"REGION\":\"eu-west-1\"},\"type\":\"Opaque\"}")
            .hides("https://hooks.example.com/" + SECRET_VALUE, SecretKind.KUBERNETES_SECRET_DATA)
            .hides("eu-west-1", SecretKind.KUBERNETES_SECRET_DATA),
        sample(
                "Secret YAML cut off before its kind",
                "apiVersion: v1\ndata:\n  password: "
                    + SECRET_DATA_PASSWORD
                    + "\n  username: "
                    + SECRET_DATA_USER
                    + "\n")
            .hides(SECRET_DATA_PASSWORD, SecretKind.KUBERNETES_SECRET_DATA)
            .hides(SECRET_DATA_USER, SecretKind.KUBERNETES_SECRET_DATA),
        sample(
                "Secret JSON cut off before its kind",
                "{\n    \"apiVersion\": \"v1\",\n    \"data\": {\n        \"api-token\": \""
                    + SECRET_DATA_PASSWORD
                    + "\",\n")
            .hides(SECRET_DATA_PASSWORD, SecretKind.KUBERNETES_SECRET_DATA),
        sample(
                "Docker registry config",
                "{\n  \"auths\": {\n    \"registry.gitlab.com\": {\n      \"auth\": \""
                    + DOCKER_AUTH
                    + "\"\n    }\n  }\n}")
            .hides(DOCKER_AUTH, SecretKind.DOCKER_REGISTRY_AUTH),
        sample(
                "kubeconfig client key, certificate kept",
                "users:\n- name: admin@prod\n  user:\n    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n"
                    + "    client-key-data: "
                    + CLIENT_KEY_DATA
                    + "\n")
            .hides(CLIENT_KEY_DATA, SecretKind.KUBECONFIG_CLIENT_KEY),
        sample(
                "kubeconfig token",
                "users:\n- name: ci\n  user:\n    token: "
                    + SECRET_VALUE
                    + "\ncurrent-context: prod")
            .hides(SECRET_VALUE, SecretKind.TOKEN),
        sample(
                "configured key, plain and base64",
                "calling model with "
                    + CONFIGURED_KEY
                    + "\nconfigmap data: "
                    + base64(CONFIGURED_KEY))
            .hides(CONFIGURED_KEY, SecretKind.KNOWN_SECRET)
            .hides(base64(CONFIGURED_KEY), SecretKind.KNOWN_SECRET));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secrets")
  void hidesTheSecretAndKeepsEverythingElse(Case sample) {
    String redacted = REDACTOR.redact(sample.input());

    for (Hidden hidden : sample.hidden()) {
      assertThat(redacted).doesNotContain(hidden.value()).contains(hidden.kind().marker());
    }
    assertThat(redacted).isEqualTo(sample.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secrets")
  void redactingTwiceChangesNothingMore(Case sample) {
    String once = REDACTOR.redact(sample.input());

    assertThat(REDACTOR.redact(once)).isEqualTo(once);
  }

  /**
   * The lower-casing that detectors search (and excerpts of tool outputs) goes through bytes when
   * the text is all Latin-1: it must give what lowering A-Z through the characters gives, index for
   * index, on texts mixing ASCII, Latin-1 letters that {@code toLowerCase} would change, question
   * marks, characters beyond Latin-1 (which become '?' as bytes), lone surrogates and pairs.
   */
  @Test
  void asciiLowerCaseThroughBytesIsWhatLoweringTheCharactersGives() {
    char[] alphabet = {
      'A', 'Z', 'a', 'z', '@', '[', '`', '{', '0', ' ', '\n', '?', '\u00c0', '\u00de', '\u00d7',
      '\u00ff', '\u00b5', '\u0100', '\u0130', '\u039b', '\u2028', '\ud83d', '\ude00'
    };
    Random random = new Random(14);
    for (int trial = 0; trial < 5_000; trial++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      // Most texts only ASCII and Latin-1, the bytes' path; the others every character.
      int kinds = trial % 3 == 0 ? alphabet.length : 15;
      for (int i = 0; i < length; i++) {
        text.append(alphabet[random.nextInt(kinds)]);
      }
      String expected = Redactor.asciiLowerCaseOfChars(text.toString());
      assertThat(Redactor.asciiLowerCase(text.toString()))
          .as("%s", text.chars().mapToObj(Integer::toHexString).toList())
          .isEqualTo(expected)
          .hasSameSizeAs(text);
    }
    assertThat(Redactor.asciiLowerCase("INFO Ça marche? \u00c9T\u00c9"))
        .isEqualTo("info Ça marche? \u00c9t\u00c9");
  }

  /**
   * Line-number gutters are looked for only where a line starts, no longer by a multi-line search
   * trying {@code ^} at every character: the gutters blanked must be the same, whatever the line
   * breaks (including {@code \\r\\n}, a lone {@code \\r}, NEL and the Unicode separators) and
   * wherever a gutter ends.
   */
  @Test
  void lineNumberGuttersAreFoundWhereTheMultiLineSearchFoundThem() {
    java.util.regex.Pattern before =
        java.util.regex.Pattern.compile(
            "^(?:(?:[^\\s:]{1,200}:)?[ \\t]{0,12}\\d{1,9}[ \\t]?[:\\-|]?(?=[ \\t])"
                + "|(?:[^\\s:]{1,200}:)?\\d{1,9}[:\\-](?=[^\\s\\d]))",
            java.util.regex.Pattern.MULTILINE);
    String[] parts = {
      "12",
      " ",
      "\t",
      ":",
      "-",
      "|",
      "a",
      "path/x.yaml",
      "password",
      "=",
      "7",
      "\n",
      "\r\n",
      "\r",
      "\u0085",
      "\u2028",
      "\u2029",
      "  3: ",
      "src/a.java:12:",
      " 40 ",
      "x:",
      "\u00e9"
    };
    Random random = new Random(14);
    for (int sample = 0; sample < 5_000; sample++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(40);
      for (int i = 0; i < n; i++) {
        text.append(parts[random.nextInt(parts.length)]);
      }
      String t = text.toString();
      java.util.regex.Matcher matcher = before.matcher(t);
      char[] expected = t.toCharArray();
      while (matcher.find()) {
        Arrays.fill(expected, matcher.start(), matcher.end(), ' ');
      }
      assertThat(Redactor.withoutLineNumbers(t)).as("%s", t).isEqualTo(new String(expected));
    }
  }

  /**
   * The gutter is matched by hand rather than by the expression's engine: it must find exactly what
   * the multi-line expression finds where runs reach their bounds (a path of 199 to 201 code
   * points, supplementary ones counting one, 12 and 13 blanks, 9 and 10 digits), with every
   * character {@code \\s} holds (vertical tab, form feed), lone surrogates, and a blank, separator
   * or line break right after the digits or at the end of the text.
   */
  @Test
  void lineNumberGuttersAreFoundAsTheExpressionFindsThemAtTheBoundsOfEachRun() {
    java.util.regex.Pattern before =
        java.util.regex.Pattern.compile(
            "^(?:(?:[^\\s:]{1,200}:)?[ \\t]{0,12}\\d{1,9}[ \\t]?[:\\-|]?(?=[ \\t])"
                + "|(?:[^\\s:]{1,200}:)?\\d{1,9}[:\\-](?=[^\\s\\d]))",
            java.util.regex.Pattern.MULTILINE);
    // Each line: a path, a colon, blanks, digits, a blank, a separator, then the rest, each part
    // chosen at random (often at a run's bound), so that gutters and near misses are common.
    String[] paths = {
      "",
      "",
      "a".repeat(199),
      "a".repeat(200),
      "a".repeat(201),
      "\ud83d\ude00".repeat(100),
      "\ud83d\ude00".repeat(101),
      "b".repeat(99) + "\ud83d",
      "\ude00",
      "x\u000By",
      "x\fy",
      "src/a.go"
    };
    String[] colons = {"", ":", ":", "::"};
    String[] digits = {"", "1", "123456789", "1234567890", "\u0661", "12"};
    String[] seps = {"", "", ":", "-", "|", "::"};
    String[] rest = {"", " ", "\t", " x", "x", ":", "\u000B", "\f", " ".repeat(13)};
    String[] breaks = {"\n", "\r\n", "\r", "\u0085", "\u2028", "\u2029", ""};
    Random random = new Random(1414);
    for (int sample = 0; sample < 20_000; sample++) {
      StringBuilder text = new StringBuilder();
      int lines = 1 + random.nextInt(4);
      for (int line = 0; line < lines; line++) {
        text.append(paths[random.nextInt(paths.length)])
            .append(colons[random.nextInt(colons.length)])
            .append(" ".repeat(random.nextInt(15) == 0 ? 13 : random.nextInt(3) * 6))
            .append(random.nextInt(5) == 0 ? "\t" : "")
            .append(digits[random.nextInt(digits.length)])
            .append(random.nextBoolean() ? "" : random.nextBoolean() ? " " : "\t")
            .append(seps[random.nextInt(seps.length)])
            .append(rest[random.nextInt(rest.length)])
            .append(breaks[random.nextInt(breaks.length)]);
      }
      String t = text.toString();
      java.util.regex.Matcher matcher = before.matcher(t);
      char[] expected = t.toCharArray();
      while (matcher.find()) {
        Arrays.fill(expected, matcher.start(), matcher.end(), ' ');
      }
      assertThat(Redactor.withoutLineNumbers(t)).as("%s", t).isEqualTo(new String(expected));
    }
  }

  @Test
  void theCorpusCoversEveryKind() {
    Set<SecretKind> covered =
        secrets()
            .flatMap(sample -> sample.hidden().stream())
            .map(Hidden::kind)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(SecretKind.class)));

    assertThat(covered).containsExactlyInAnyOrder(SecretKind.values());
    assertThat(SecretKind.values()).hasSizeGreaterThanOrEqualTo(25);
  }

  @Test
  void keyValueMarkersKeepTheKey() {
    assertThat(Redactor.standard().redact("password=" + PASSWORD))
        .isEqualTo("password=[REDACTED:password]");
    assertThat(Redactor.standard().redact("x " + ANTHROPIC + " y"))
        .isEqualTo("x [REDACTED:anthropic_api_key] y");
  }

  static Stream<String> ordinaryOutput() {
    return Stream.of(
        """
        NAME                           READY   STATUS             RESTARTS       AGE
        checkout-api-7d9f8b6c5-x2x9q   0/1     CrashLoopBackOff   12 (41s ago)   41m
        sk-payments-6c8f9d7b4-qk2lp    1/1     Running            0              3d2h
        """,
        "commit 3f786850e387550fdab836ed7e6dc881de23001b\nAuthor: Dana <dana@example.com>\n"
            + "Date:   Tue Nov 24 18:02:11 2026 +0100\n\n    fix: retry token refresh on 503\n",
        "request_id=4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f trace_id=7d9f8b6c5e4a3b2c1d0e9f8a7b6c5d4e"
            + " span_id=00f067aa0ba902b7",
        "    Image:          ghcr.io/oats-dev/checkout@sha256:"
            + hex(64, 41)
            + "\n    Image ID:       docker.io/library/redis@sha256:"
            + hex(64, 42),
        "10.244.1.17 - - [25/Nov/2026:10:01:02 +0000] \"GET /healthz HTTP/1.1\" 200 2 \"-\""
            + " \"kube-probe/1.31\" 2001:db8::1 172.16.0.12:8080",
        "2026-11-25T10:01:02.123Z INFO  [auth] password reset requested for user 42",
        "{\"level\":\"info\",\"ts\":\"2026-11-25T10:01:02Z\",\"msg\":\"password reset requested for"
            + " user 42\",\"token_ttl\":3600}",
        "level=info msg=\"token refreshed\" expires_in=3600 user_id=42",
        "I1125 10:01:02.123456       1 controller.go:116] \"Reconciling\""
            + " secret=\"payments/db-credentials\"",
        "usage input_tokens=1834 output_tokens=212 cache_read_input_tokens=0 max_tokens=4096",
        "PWD=/workspace\nOLDPWD=/root\nOLD_PWD=/tmp\nSHLVL=1",
        "cache_bypass=all\nnavigation compass=north\nPASS=3 FAIL=0 first_pass=2",
        "{\"client_sockets_per_pass\": 18.0, \"rounds_per_pass\": \"4\"}",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: oats
          namespace: oats
        spec:
          template:
            spec:
              automountServiceAccountToken: false
              imagePullSecrets:
              - name: ghcr-pull
              containers:
              - name: oats
                image: ghcr.io/oats-dev/oats:0.1.0
                env:
                - name: ANTHROPIC_API_KEY
                  valueFrom:
                    secretKeyRef:
                      name: oats-api-keys
                      key: anthropic-api-key
                - name: DB_PASSWORD_FILE
                  value: /run/secrets/db/password
                - name: LOG_LEVEL
                  value: info
                envFrom:
                - secretRef:
                    name: oats-env
              volumes:
              - name: tls
                secret:
                  secretName: oats-tls
              - name: token
                projected:
                  sources:
                  - serviceAccountToken:
                      path: token
                      expirationSeconds: 3600
        """,
        """
        apiVersion: v1
        binaryData:
          logo.png: iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==
        data:
          app.properties: |
            feature.flags=checkout-v2,fast-refunds
            retry.max=3
          banner.b64: SGVsbG8gZnJvbSBPQVRTLCBoYXZlIGEgbmljZSBkYXkh
          LOG_LEVEL: info
        kind: ConfigMap
        metadata:
          name: checkout-config
          namespace: payments
        """,
        "{\n    \"apiVersion\": \"v1\",\n    \"data\": {\n        \"banner.b64\":"
            + " \"SGVsbG8gZnJvbSBPQVRTLCBoYXZlIGEgbmljZSBkYXkh\"\n    },\n    \"kind\":"
            + " \"ConfigMap\",\n    \"metadata\": {\n        \"name\": \"checkout-config\"\n    }\n}\n",
        """
        Name:         db-credentials
        Namespace:    payments
        Labels:       app=checkout
        Annotations:  <none>

        Type:  Opaque

        Data
        ====
        password:  16 bytes
        username:  8 bytes
        """,
        """
        NAME                  TYPE                                  DATA   AGE
        db-credentials        Opaque                                2      3d
        default-token-x7k2p   kubernetes.io/service-account-token   3      41d
        """,
        "Warning  FailedMount  2m (x12 over 20m)  kubelet  MountVolume.SetUp failed for volume"
            + " \"api-keys\" : secret \"oats-api-keys\" not found",
        """
            Environment:
              API_KEY:     <set to the key 'api-key' in secret 'oats-api-keys'>  Optional: false
              DB_PASSWORD: ${DB_PASSWORD}
            Mounts:
              /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-7xq2v (ro)
        """,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
            + "{\"pod\":\"checkout-api-7d9f8b6c5-x2x9q\"},\"value\":[1764064862.123,\"0.97\"]}]}}",
        "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUJ0R9t4F0b2F0cy1kZXYtY2EwCgYIKoZIzj0EAwIw\n"
            + "-----END CERTIFICATE-----",
        "https://grafana.example.com:3000/d/abc123/checkout?orgId=1&from=now-1h"
            + " postgres://db.payments.svc:5432/orders?sslmode=require"
            + " redis://redis-master.cache.svc:6379/0 git@github.com:oats-dev/oats.git"
            + " http://[::1]:8080/healthz",
        "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm=\"oats\"\n\nAuthorization header"
            + " missing",
        "auth:\n  existingSecret: \"\"\n  password: \"{{ .Values.db.password }}\"\n  token: null\n"
            + "args: [\"--password=$(DB_PASSWORD)\"]",
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\nsecrets:\n"
            + "- name: default-token-x7k2p\n",
        "time=2026-11-25T10:01:02Z level=warn msg=\"slow query\" duration=1.204s rows=1200"
            + " node=ip-10-0-3-17.eu-west-1.compute.internal zone=Asia/Tokyo");
  }

  @ParameterizedTest
  @MethodSource("ordinaryOutput")
  void leavesOrdinaryOutputUnchanged(String output) {
    assertThat(Redactor.standard().redact(output)).isEqualTo(output);
  }

  @Test
  void returnsTheSameTextWhenThereIsNothingToHide() {
    String clean = "checkout-api-7d9f8b6c5-x2x9q 0/1 CrashLoopBackOff";

    assertThat(Redactor.standard().redact(clean)).isSameAs(clean);
    assertThat(Redactor.standard().redact("")).isEmpty();
  }

  @Test
  void knownSecretsAreReplacedWhereverTheyAppear() {
    String password = "Tr0ub4dor&3-horse";
    Redactor redactor = Redactor.withKnownSecrets(List.of(password + "\n"));

    assertThat(redactor.redact("connecting as app/" + password + " to db"))
        .isEqualTo("connecting as app/[REDACTED:known_secret] to db");
    assertThat(redactor.redact("value: " + base64(password)))
        .isEqualTo("value: [REDACTED:known_secret]");
  }

  @Test
  void knownSecretsIgnoreShortAndNullValues() {
    Redactor redactor = Redactor.withKnownSecrets(Arrays.asList("hunter2", null, "   "));

    assertThat(redactor).isSameAs(Redactor.standard());
    assertThat(redactor.redact("user hunter2 logged in")).isEqualTo("user hunter2 logged in");
  }

  @Test
  void hidesAMultiLinePemBlockButKeepsItsFrame() {
    String text =
        "server.key:\n-----BEGIN PRIVATE KEY-----\n"
            + PEM_BODY
            + "\n-----END PRIVATE KEY-----\nserver.crt: ok\n";

    String redacted = Redactor.standard().redact(text);

    assertThat(redacted)
        .isEqualTo(
            "server.key:\n-----BEGIN PRIVATE KEY-----\n[REDACTED:private_key]\n"
                + "-----END PRIVATE KEY-----\nserver.crt: ok\n");
    for (String line : PEM_BODY.split("\n")) {
      assertThat(redacted).doesNotContain(line);
    }
  }

  @Test
  void redactsA100KilobyteOutputCorrectlyAndQuickly() {
    List<String> lines = new ArrayList<>();
    Random random = new Random(7);
    while (lines.stream().mapToInt(line -> line.length() + 1).sum() < 100_000) {
      lines.add(logLine(random, lines.size()));
    }
    String clean = String.join("\n", lines);
    int middle = lines.size() / 2;
    lines.set(0, lines.get(0) + " password=" + PASSWORD);
    lines.set(middle, lines.get(middle) + " Authorization: Bearer " + OPAQUE_BEARER);
    lines.set(lines.size() - 1, lines.getLast() + " key " + ANTHROPIC);
    String text = String.join("\n", lines);
    Redactor redactor = Redactor.standard();
    redactor.redact(text); // warm up the JIT so the time limit measures the steady state

    String redacted = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> redactor.redact(text));
    String untouched =
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> redactor.redact(clean));

    assertThat(text.length()).isGreaterThan(100_000);
    assertThat(untouched).isSameAs(clean);
    String[] out = redacted.split("\n", -1);
    assertThat(out).hasSameSizeAs(lines);
    assertThat(out[0]).endsWith(" password=[REDACTED:password]");
    assertThat(out[middle]).endsWith(" Authorization: Bearer [REDACTED:bearer_token]");
    assertThat(out[out.length - 1]).endsWith(" key [REDACTED:anthropic_api_key]");
    for (int i = 1; i < out.length - 1; i++) {
      if (i != middle) {
        assertThat(out[i]).isEqualTo(lines.get(i));
      }
    }
  }

  static Stream<String> adversarialInputs() {
    return Stream.of(
        "a".repeat(100_000),
        "a.".repeat(50_000),
        "\"".repeat(100_000),
        "password=".repeat(11_000),
        "password: x\n".repeat(8_000),
        "{".repeat(50_000) + "]".repeat(50_000),
        "\"data\": {\"k\": \"".repeat(6_000),
        "apiVersion: v1\ndata:\n" + "- ".repeat(50_000),
        "data:\n  k: |\n" + "    \"x\n".repeat(15_000),
        "-----BEGIN RSA PRIVATE KEY-----" + " ".repeat(100_000) + "x",
        "-----BEGIN PRIVATE KEY-----\n".repeat(3_500),
        "postgres://u:" + "a@".repeat(50_000),
        "x://".repeat(25_000),
        "eyJ" + "a".repeat(100_000) + ".",
        "Authorization: Bearer " + "a".repeat(100_000),
        "sk-" + "a-".repeat(50_000),
        "- name: DB_PASSWORD\n  value: |\n" + "   ".repeat(33_000));
  }

  @ParameterizedTest
  @MethodSource("adversarialInputs")
  void staysFastOnAdversarialInput(String input) {
    Redactor redactor = Redactor.standard();

    String redacted =
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> redactor.redact(input));

    assertThat(redacted).isNotNull();
  }

  @Test
  void isSafeToShareBetweenThreads() throws Exception {
    List<Case> corpus = secrets().toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results =
          IntStream.range(0, 400)
              .mapToObj(i -> corpus.get(i % corpus.size()))
              .map(c -> pool.submit(() -> REDACTOR.redact(c.input()).equals(c.expected())))
              .toList();
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // --- samples too long to write inline

  private static Case gcpServiceAccount() {
    String privateKey =
        "-----BEGIN PRIVATE KEY-----\\n"
            + PEM_BODY.replace("\n", "\\n")
            + "\\n-----END PRIVATE KEY-----\\n";
    String json =
        "{\n  \"type\": \"service_account\",\n  \"project_id\": \"oats-demo\",\n"
            + "  \"private_key_id\": \""
            + hex(40, 43)
            + "\",\n  \"private_key\": \""
            + privateKey
            + "\",\n  \"client_email\": \"oats@oats-demo.iam.gserviceaccount.com\",\n"
            + "  \"client_id\": \"104583920184756392011\"\n}\n";
    return sample("GCP service-account JSON", json)
        .hides(privateKey, SecretKind.GCP_SERVICE_ACCOUNT_KEY);
  }

  private static String secretYaml() {
    return "apiVersion: v1\ndata:\n  password: "
        + SECRET_DATA_PASSWORD
        + "\n  username: "
        + SECRET_DATA_USER
        + "\nkind: Secret\nmetadata:\n  annotations:\n"
        + "    kubectl.kubernetes.io/last-applied-configuration: |\n"
        + "      {\"apiVersion\":\"v1\",\"data\":{\"password\":\""
        + SECRET_DATA_PASSWORD
        + "\",\"username\":\""
        + SECRET_DATA_USER
        + "\"},\"kind\":\"Secret\",\"metadata\":{\"annotations\":{},\"name\":\"db-credentials\","
        + "\"namespace\":\"payments\"},\"type\":\"Opaque\"}\n"
        + "  creationTimestamp: \"2026-11-20T09:12:44Z\"\n  name: db-credentials\n"
        + "  namespace: payments\n  resourceVersion: \"48213\"\n"
        + "  uid: 2c5e1d1a-8f3b-4a57-9d0e-6b1f7a3c2e90\ntype: Opaque\n";
  }

  private static Case secretJson() {
    String lastApplied =
        "{\\\"apiVersion\\\":\\\"v1\\\",\\\"data\\\":{\\\"password\\\":\\\""
            + SECRET_DATA_PASSWORD
            + "\\\",\\\"username\\\":\\\""
            + SECRET_DATA_USER
            + "\\\"},\\\"kind\\\":\\\"Secret\\\",\\\"metadata\\\":{\\\"annotations\\\":{},"
            + "\\\"name\\\":\\\"db-credentials\\\",\\\"namespace\\\":\\\"payments\\\"},"
            + "\\\"type\\\":\\\"Opaque\\\"}\\n";
    String json =
        "{\n    \"apiVersion\": \"v1\",\n    \"data\": {\n        \"password\": \""
            + SECRET_DATA_PASSWORD
            + "\",\n        \"username\": \""
            + SECRET_DATA_USER
            + "\"\n    },\n    \"kind\": \"Secret\",\n    \"metadata\": {\n"
            + "        \"annotations\": {\n"
            + "            \"kubectl.kubernetes.io/last-applied-configuration\": \""
            + lastApplied
            + "\"\n        },\n        \"creationTimestamp\": \"2026-11-20T09:12:44Z\",\n"
            + "        \"name\": \"db-credentials\",\n        \"namespace\": \"payments\",\n"
            + "        \"uid\": \"2c5e1d1a-8f3b-4a57-9d0e-6b1f7a3c2e90\"\n    },\n"
            + "    \"type\": \"Opaque\"\n}\n";
    return sample("kubectl get secret -o json", json)
        .hides(lastApplied, SecretKind.KUBERNETES_SECRET_DATA)
        .hides(SECRET_DATA_PASSWORD, SecretKind.KUBERNETES_SECRET_DATA)
        .hides(SECRET_DATA_USER, SecretKind.KUBERNETES_SECRET_DATA);
  }

  private static Case secretListYaml() {
    String certificate = base64Chars(200, 44);
    String key = base64Chars(200, 45);
    String yaml =
        "apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n    tls.crt: "
            + certificate
            + "\n    tls.key: "
            + key
            + "\n  kind: Secret\n  metadata:\n    name: checkout-tls\n    namespace: payments\n"
            + "    finalizers:\n    - kubernetes\n  type: kubernetes.io/tls\n"
            + "- apiVersion: v1\n  data:\n    LOG_LEVEL: info\n    banner.b64: SGVsbG8gT0FUUw==\n"
            + "  kind: ConfigMap\n  metadata:\n    name: checkout-config\nkind: List\n"
            + "metadata:\n  resourceVersion: \"\"\n";
    return sample("kubectl get secret,configmap -o yaml: only the Secret's data", yaml)
        .hides(certificate, SecretKind.KUBERNETES_SECRET_DATA)
        .hides(key, SecretKind.KUBERNETES_SECRET_DATA);
  }

  private static String logLine(Random random, int n) {
    return String.format(
        "2026-11-25T10:%02d:%02d.%03dZ INFO  checkout-api-7d9f8b6c5-x2x9q [req=%s] GET"
            + " /api/v1/orders/%d 200 %dms from 10.244.%d.%d sha=%s",
        n / 60 % 60,
        n % 60,
        random.nextInt(1000),
        new java.util.UUID(random.nextLong(), random.nextLong()),
        random.nextInt(100_000),
        random.nextInt(900),
        random.nextInt(256),
        random.nextInt(256),
        hex(40, n));
  }

  // --- fake secret material

  private static String pick(String alphabet, int length, long seed) {
    Random random = new Random(seed);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private static String alnum(int length, long seed) {
    return pick(ALNUM, length, seed);
  }

  private static String upper(int length, long seed) {
    return pick(UPPER + DIGITS, length, seed);
  }

  private static String digits(int length, long seed) {
    return pick(DIGITS, length, seed);
  }

  private static String hex(int length, long seed) {
    return pick("0123456789abcdef", length, seed);
  }

  /** base64url characters, as in most vendor tokens. */
  private static String token(int length, long seed) {
    return pick(ALNUM + "_-", length, seed);
  }

  private static String base64Chars(int length, long seed) {
    return pick(ALNUM + "+/", length, seed);
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String base64Url(String value) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Six 64-character lines and a short one, as in a PEM body. */
  private static String pemBody(long seed) {
    String body = base64Chars(64 * 6 + 20, seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < body.length(); i += 64) {
      lines.add(body.substring(i, Math.min(body.length(), i + 64)));
    }
    return String.join("\n", lines);
  }
}
