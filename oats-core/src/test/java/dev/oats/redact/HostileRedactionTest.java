package dev.oats.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shapes defect 2 of issue 10 found passing redaction: a kubeconfig token that is not a JWT,
 * quoted YAML values, Secret manifests read as plain files. Each value must be gone.
 */
class HostileRedactionTest {

  static Stream<Arguments> leaks() {
    return Stream.of(
        Arguments.of(
            """
            apiVersion: v1
            kind: Config
            users:
            - name: admin
              user:
                token: k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_QWN0aW9u
            """,
            "k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_QWN0aW9u"),
        Arguments.of(
            "users:\n- name: ci\n  user:\n    token: 0a1b2c3d4e5f60718293a4b5c6d7e8f9\n",
            "0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
        Arguments.of("    token: \"plain-static-token-7781\"\n", "plain-static-token-7781"),
        Arguments.of("database:\n  password: \"Sup3r Secret Pass!\"\n", "Sup3r Secret Pass!"),
        Arguments.of("database:\n  password: 'quoted-single-9931'\n", "quoted-single-9931"),
        Arguments.of(
            "service:\n  apiKey: \"ak_live_51HxYzQ2eZvKYlo\"\n", "ak_live_51HxYzQ2eZvKYlo"),
        Arguments.of("  api_key: \"value with spaces 42\"\n", "value with spaces 42"),
        Arguments.of("  clientSecret: \"cs-8812-quoted\"\n", "cs-8812-quoted"),
        Arguments.of(
            """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
            type: Opaque
            data:
              username: YWRtaW4=
              password: c3VwZXItc2VjcmV0LTIwMjY=
            stringData:
              dsn: postgres://app:hunter2-pw@db:5432/shop
              plain: not-base64-but-secret-555
            """,
            "c3VwZXItc2VjcmV0LTIwMjY="),
        Arguments.of(
            """
            kind: Secret
            apiVersion: v1
            stringData:
              plain: not-base64-but-secret-555
            """,
            "not-base64-but-secret-555"),
        Arguments.of(
            """
            # deploy/secret.yaml
            ---
            apiVersion: v1
            kind: ConfigMap
            data:
              a: b
            ---
            apiVersion: v1
            kind: Secret
            data:
              tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2Z0lCQURBTkJna3Fo
            """,
            "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2Z0lCQURBTkJna3Fo"),
        Arguments.of(
            "   4 | - name: admin\n   5 |   user:\n   6 |     token: kube-static-token-f3a9\n",
            "kube-static-token-f3a9"),
        Arguments.of(
            "deploy/secret.yaml:9:  password: c3VwZXItc2VjcmV0LTIwMjY=\n",
            "c3VwZXItc2VjcmV0LTIwMjY="),
        Arguments.of(
            "   12  apiVersion: v1\n   13  kind: Secret\n   14  data:\n   15    token: dG9rLTEyMzQ1Njc4OTA=\n",
            "dG9rLTEyMzQ1Njc4OTA="));
  }

  @ParameterizedTest
  @MethodSource("leaks")
  void theSecretValueIsGone(String text, String secret) {
    String redacted = Redactor.standard().redact(text);

    assertThat(redacted).as(redacted).doesNotContain(secret);
  }
}
