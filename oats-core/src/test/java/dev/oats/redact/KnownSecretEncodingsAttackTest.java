package dev.oats.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A value OATS was told is secret (its model key, its event token) printed in another encoding, at
 * any offset in what is encoded with it: base64 of a line that holds it anywhere (three
 * alignments), base64 wrapped at any width, URL-safe base64, reversed, hex (plain, spaced, upper
 * case), URL-encoded, JSON- or HTML-escaped. Each is hidden; ordinary text next to it stays.
 */
class KnownSecretEncodingsAttackTest {

  private static final String KEY = "sk-ant-api03-Kn0wnS3cretVaLue/x+yz_1234567890";
  private static final String TOKEN = "evt-token-9f8e7d6c5b4a";

  private static final Redactor REDACTOR = Redactor.withKnownSecrets(List.of(KEY, TOKEN));

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String wrap(String text, int width) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i += width) {
      out.append(text, i, Math.min(text.length(), i + width)).append('\n');
    }
    return out.toString();
  }

  private static String reverseLines(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      out.append(new StringBuilder(line).reverse()).append('\n');
    }
    return out.toString();
  }

  /** Each encoding of {@code secret} inside a line of other text, by name. */
  static Map<String, String> encodings(String secret) {
    Map<String, String> forms = new LinkedHashMap<>();
    for (int offset = 0; offset < 3; offset++) {
      String line = "ab".substring(0, offset) + "export ANTHROPIC=" + secret + "\nnext line\n";
      String encoded = base64(line);
      forms.put("base64 at offset " + offset, encoded);
      forms.put(
          "url-safe base64 at offset " + offset,
          Base64.getUrlEncoder().encodeToString(line.getBytes(StandardCharsets.UTF_8)));
      for (int width : new int[] {20, 7, 76}) {
        forms.put("base64 -w " + width + " at offset " + offset, wrap(encoded, width));
        forms.put(
            "base64 -w " + width + " | rev at offset " + offset,
            reverseLines(wrap(encoded, width)));
      }
      forms.put(
          "base64 | rev at offset " + offset, new StringBuilder(encoded).reverse().toString());
      forms.put(
          "rev | base64 at offset " + offset, base64(new StringBuilder(line).reverse().toString()));
      forms.put(
          "base64 in CRLF lines at offset " + offset, wrap(encoded, 64).replace("\n", "\r\n"));
    }
    String hex = HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8));
    forms.put("hex", "x=" + hex + "\n");
    forms.put("HEX", "x=" + hex.toUpperCase() + "\n");
    forms.put("od -tx1", String.join(" ", hex.split("(?<=\\G..)")) + "\n");
    forms.put("xxd -p wrapped", wrap("0a" + hex, 60));
    forms.put("\\x escapes", hex.replaceAll("(..)", "\\\\x$1"));
    forms.put("url-encoded", "https://x/?k=" + URLEncoder.encode(secret, StandardCharsets.UTF_8));
    StringBuilder allPercent = new StringBuilder();
    StringBuilder allUnicode = new StringBuilder();
    StringBuilder allEntities = new StringBuilder();
    for (char c : secret.toCharArray()) {
      allPercent.append(String.format("%%%02X", (int) c));
      allUnicode.append(String.format("\\u%04x", (int) c));
      allEntities.append("&#").append((int) c).append(';');
    }
    forms.put("percent-encoded every byte", "k=" + allPercent);
    forms.put("json \\u00xx", "{\"k\": \"" + allUnicode + "\"}");
    forms.put("json escaped slash", "{\"k\": \"" + secret.replace("/", "\\/") + "\"}");
    forms.put("html entities", "<td>" + allEntities + "</td>");
    forms.put("reversed", new StringBuilder(secret).reverse().toString());
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
        gzip.write(("K=" + secret + "\n").getBytes(StandardCharsets.UTF_8));
      }
      forms.put(
          "gzip | base64 (out of scope)", Base64.getEncoder().encodeToString(bytes.toByteArray()));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return forms;
  }

  @Test
  void everyEncodingOfAKnownSecretIsHidden() {
    List<String> leaks = new ArrayList<>();
    for (String secret : List.of(KEY, TOKEN)) {
      encodings(secret)
          .forEach(
              (name, form) -> {
                if (name.contains("out of scope")) {
                  return;
                }
                String text = "before it\n" + form + "\nafter it\n";
                String redacted = REDACTOR.redact(text);
                if (!leakForms(redacted, secret).isEmpty() || redacted.equals(text)) {
                  leaks.add(name + " of " + secret + ": " + redacted);
                }
                assertThat(redacted).as(name).contains("before it").contains("after it");
              });
    }
    assertThat(leaks).as("%d encodings shown", leaks.size()).isEmpty();
  }

  /** The decodings a reader could apply to get {@code secret} back from {@code text}. */
  private static List<String> leakForms(String text, String secret) {
    List<String> found = new ArrayList<>();
    String core = secret.substring(4, secret.length() - 4);
    String squeezed = text.replaceAll("\\s", "");
    String lineReversed = reverseLines(text).replaceAll("\\s", "");
    if (squeezed.contains(core) || squeezed.contains(new StringBuilder(core).reverse())) {
      found.add("plain");
    }
    String hex = HexFormat.of().formatHex(core.getBytes(StandardCharsets.UTF_8));
    if (text.replaceAll("[^0-9a-fA-F]", "").toLowerCase().contains(hex)) {
      found.add("hex");
    }
    for (String view :
        List.of(squeezed, lineReversed, new StringBuilder(squeezed).reverse().toString())) {
      String standard = view.replace('-', '+').replace('_', '/');
      java.util.regex.Matcher runs =
          java.util.regex.Pattern.compile("[A-Za-z0-9+/]{12,}").matcher(standard);
      while (runs.find()) {
        for (int shift = 0; shift < 4; shift++) {
          String candidate = runs.group().substring(shift);
          candidate = candidate.substring(0, candidate.length() - candidate.length() % 4);
          String decoded =
              new String(Base64.getDecoder().decode(candidate), StandardCharsets.ISO_8859_1);
          if (decoded.contains(core) || decoded.contains(new StringBuilder(core).reverse())) {
            found.add("base64");
          }
        }
      }
    }
    return found;
  }

  @Test
  void ordinaryTextAroundKnownSecretsStays() {
    String text =
        "pod/web-7d9f8c6b5-x2k4p 1/1 Running\nsha256:"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            + "aGVsbG8gd29ybGQK\nhttps://example.com/a%20b?q=%2F\n{\"a\": \"\\u00e9\\/\"}\n";
    assertThat(REDACTOR.redact(text)).isEqualTo(text);
  }
}
