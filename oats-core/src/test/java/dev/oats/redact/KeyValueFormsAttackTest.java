package dev.oats.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Secrets the redactor passed because their name and value are not written as {@code NAME=value}:
 * logfmt and structured fields that name an environment variable and give its value separately
 * ({@code name=DB_PASSWORD value=…}, a pod spec's env with its value first), {@code KEY:value} with
 * no blank, names that say secret without a secret word at their end ({@code SECRET_KEY_BASE},
 * {@code APP_KEY}, {@code *_CREDENTIALS}), and URLs whose credential is a query parameter with a
 * plain name ({@code sig=}, {@code X-Amz-Signature=}, {@code code=}, {@code key=}) or a user with
 * no password ({@code https://<token>@github.com}). Each value must be gone; the ordinary lines
 * beside them pass unchanged.
 */
class KeyValueFormsAttackTest {

  private static final String VALUE = "Zq8vR2mXk4Lp9Tn3";

  static Stream<Arguments> leaks() {
    return Stream.of(
            "level=info msg=\"env\" name=DB_PASSWORD value=" + VALUE,
            "name=\"API_TOKEN\" value=\"" + VALUE + "\"",
            "{\"value\":\"" + VALUE + "\",\"name\":\"API_TOKEN\"}",
            "{\"value\": \"" + VALUE + "\", \"name\": \"DB_PASSWORD\"}",
            "DB_PASSWORD:" + VALUE,
            "password:" + VALUE,
            "  client.secret:" + VALUE,
            "env map[DB_PASSWORD:" + VALUE + " LOG_LEVEL:info]",
            "SECRET_KEY_BASE=" + VALUE,
            "secret_key_base: " + VALUE,
            "APP_KEY=base64:" + VALUE,
            "SESSION_KEY=" + VALUE,
            "AUTH_KEY=" + VALUE,
            "HMAC_KEY=" + VALUE,
            "JWT_KEY=" + VALUE,
            "COOKIE_KEY=" + VALUE,
            "AWS_CREDENTIALS=" + VALUE,
            "DB_CREDENTIALS=app:" + VALUE,
            "credentials: " + VALUE,
            "GET https://acct.blob.core.windows.net/c/b?sv=2021-08-06&sp=r&sig=" + VALUE + "%3D",
            "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature="
                + VALUE,
            "https://storage.googleapis.com/b/o?X-Goog-Signature=" + VALUE + "&X-Goog-Date=1",
            "GET /oauth/callback?code=" + VALUE + "&state=xyz",
            "GET https://maps.example.com/api?key=" + VALUE,
            "GET /feed?auth=" + VALUE,
            "remote: https://" + VALUE + "abcdefgh@github.com/org/repo.git",
            // base64 starts with '/' one time in 64: a path only under a credentials name
            "ENCRYPTION_KEY=/" + VALUE + "=",
            "SECRET_KEY_BASE=./" + VALUE,
            // kubectl's JSON escapes '&', HTML writes it as an entity
            "{\"url\":\"https://a.blob.core.windows.net/c/b?sv=1\\u0026sig=" + VALUE + "\"}",
            "<a href=\"https://a.blob.core.windows.net/c/b?sv=1&amp;sig=" + VALUE + "\">")
        .map(Arguments::of);
  }

  static Stream<Arguments> ordinary() {
    return Stream.of(
            "GOOGLE_APPLICATION_CREDENTIALS=/var/run/secrets/gcp/key.json",
            "credentials: true",
            "withCredentials: false",
            "secretName: db-credentials",
            "name=DB_HOST value=db.shop.svc",
            "{\"name\":\"LOG_LEVEL\",\"value\":\"debug\"}",
            "{\"value\":\"debug\",\"name\":\"LOG_LEVEL\"}",
            "level=info msg=\"secret mounted\" secret=payments/db-credentials",
            "time=2024-01-01 level=error msg=\"invalid token:expired\"",
            "error: token:expired",
            "database: orders",
            "image:nginx:1.27",
            "GET /search?code=200&page=2",
            "GET /api/items?sort=name&key=3",
            "https://github.com/org/repo.git",
            "https://registry-1.docker.io/v2/",
            "DB_PASSWORD_FILE=/run/secrets/db",
            "credentials: ~/.aws/credentials",
            "{\"url\":\"/search?q=a\\u0026page=2\"}")
        .map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("leaks")
  void theValueIsHidden(String text) {
    String redacted = Redactor.standard().redact(text);
    assertThat(redacted).as(text).doesNotContain(VALUE).contains("[REDACTED:");
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void theOrdinaryLineBesideItPassesUnchanged(String text) {
    assertThat(Redactor.standard().redact(text)).isEqualTo(text);
  }
}
