package dev.oats.redact;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Thread CPU per call of the known-secret search, {@link KnownSecretsDetector} against its former
 * self {@link KnownSecretsOracle}, in one JVM, rounds taking turns, over the 16 KB log page of
 * {@code LoopMain} with its one known secret (the bench's API key): {@code java -cp <oats-core test
 * and main classes> dev.oats.redact.KnownSecretsBench [rounds] [calls]}. Not a test; see
 * BENCHMARKS.md.
 */
final class KnownSecretsBench {

  private KnownSecretsBench() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    List<String> secrets = List.of("sk-ant-bench");
    String page = page();
    String withSecret =
        page.substring(0, 8000)
            + Base64.getEncoder()
                .encodeToString(("key=" + secrets.get(0) + "\n").getBytes(StandardCharsets.UTF_8))
            + "\n"
            + page.substring(8000);
    for (String[] scenario :
        new String[][] {
          {"16 KB log page, no secret in it", page},
          {"same, key in base64", withSecret},
          {"16 KB of '61' (half the windows may start the key's hex)", "61".repeat(8000)},
          {
            "worst case: 16 KB of 'a', key 'aaaaaaaa-key', every window starts like the key",
            "a".repeat(16_000),
            "aaaaaaaa-key"
          }
        }) {
      String text = scenario[1];
      if (scenario.length > 2) {
        secrets = List.of(scenario[2]);
      }
      Detector now = KnownSecretsDetector.of(secrets);
      Detector before = KnownSecretsOracle.of(secrets);
      Redactor standard = Redactor.standard();
      Redactor known = Redactor.withKnownSecrets(secrets);
      LowerCaseText lower = LowerCaseText.of(text);
      String[] names = {"oracle (main cf0b77a)", "new", "Redactor.standard", "Redactor+known"};
      List<List<Double>> perCall = new ArrayList<>();
      for (int i = 0; i < names.length; i++) {
        perCall.add(new ArrayList<>());
      }
      int[] sink = new int[1];
      Detector.Findings count = (start, end, kind) -> sink[0] += end - start;
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      for (int round = -rounds / 3; round < rounds; round++) {
        for (int which = 0; which < names.length; which++) {
          long started = threads.getCurrentThreadCpuTime();
          for (int call = 0; call < calls; call++) {
            switch (which) {
              case 0 -> before.detect(text, lower, count);
              case 1 -> now.detect(text, lower, count);
              case 2 -> sink[0] += standard.redact(text).length();
              default -> sink[0] += known.redact(text).length();
            }
          }
          long spent = threads.getCurrentThreadCpuTime() - started;
          if (round >= 0) {
            perCall.get(which).add(spent / 1000.0 / calls);
          }
        }
      }
      System.out.printf(
          "%s (%d chars), %d rounds x %d calls, thread CPU us/call:%n",
          scenario[0], text.length(), rounds, calls);
      double[] medians = new double[names.length];
      for (int which = 0; which < names.length; which++) {
        double[] sorted = perCall.get(which).stream().mapToDouble(d -> d).sorted().toArray();
        medians[which] = sorted[sorted.length / 2];
        System.out.printf(
            "  %-22s min %7.1f  median %7.1f  max %7.1f%n",
            names[which], sorted[0], medians[which], sorted[sorted.length - 1]);
      }
      System.out.printf(
          "  new/oracle median ratio %.2f; paired per-round ratios %s (sink %d)%n",
          medians[1] / medians[0], ratios(perCall.get(1), perCall.get(0)), sink[0] % 10);
    }
  }

  private static String ratios(List<Double> now, List<Double> before) {
    double[] ratios = new double[now.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = now.get(i) / before.get(i);
    }
    Arrays.sort(ratios);
    return String.format(
        "min %.2f median %.2f max %.2f",
        ratios[0], ratios[ratios.length / 2], ratios[ratios.length - 1]);
  }

  /** The log page {@code LoopMain}'s tool returns (page 1). */
  static String page() {
    StringBuilder text = new StringBuilder(16_200);
    for (int line = 0; text.length() < 16_000; line++) {
      text.append("2026-12-06T10:")
          .append(10 + line % 50)
          .append(":00Z page=")
          .append(1)
          .append(line % 17 == 0 ? " ERROR payment call failed: connection refused" : " INFO")
          .append(" request ")
          .append(line)
          .append(" served in ")
          .append(line * 7 % 300)
          .append(" ms by pod checkout-api-7d9f-")
          .append(line % 3)
          .append('\n');
    }
    return text.toString();
  }
}
