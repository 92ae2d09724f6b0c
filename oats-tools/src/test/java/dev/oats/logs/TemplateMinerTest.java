package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateMinerTest {

  private final Masker masker = new Masker();

  private int add(TemplateMiner miner, String message) {
    return miner.add(masker.mask(message));
  }

  /** A word of letters only, different for every number. */
  private static String letters(int n) {
    StringBuilder word = new StringBuilder("w");
    for (int rest = n; rest > 0; rest /= 26) {
      word.append((char) ('a' + rest % 26));
    }
    return word.toString();
  }

  @Test
  void groupsMessagesThatDifferOnlyInMaskedValues() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    int first = add(miner, "connected to 10.0.0.1:5432 in 12ms");
    int second = add(miner, "connected to 10.0.0.9:5433 in 7ms");

    assertThat(second).isEqualTo(first);
    assertThat(miner.template(first).text()).isEqualTo("connected to <*> in <*>");
    assertThat(miner.template(first).count()).isEqualTo(2);
  }

  @Test
  void keepsMessagesOfDifferentLengthOrWordsApart() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    int opened = add(miner, "session opened for user alice");
    int closed = add(miner, "connection closed by remote host");
    int longer = add(miner, "session opened for user alice by cron");

    assertThat(List.of(opened, closed, longer)).doesNotHaveDuplicates();
  }

  @Test
  void keepsAFewDistinctWordsAsVariantsUntilThePositionProvesVariable() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    int up = add(miner, "interface eth0 state up");
    int down = add(miner, "interface eth0 state down");
    assertThat(down).as("two values are two events").isNotEqualTo(up);
    assertThat(miner.template(up).text()).isEqualTo("interface eth0 state up");
    int dormant = add(miner, "interface eth0 state dormant");
    assertThat(dormant).as("three values are three events").isNotIn(up, down);

    add(miner, "interface eth0 state testing");

    assertThat(miner.resolve(down)).as("four values make a variable").isEqualTo(up);
    assertThat(miner.template(down).text()).isEqualTo("interface eth0 state <*>");
    assertThat(miner.template(up).count()).isEqualTo(4);
    assertThat(add(miner, "interface eth0 state lowerlayerdown")).isEqualTo(up);
  }

  @Test
  void judgesSimilarityOnThePositionsThatCanAgree() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    // One word and two ids: half of three tokens is more than the one word that can agree.
    int first = add(miner, "flushed seg_17_a part_9x1");
    int second = add(miner, "flushed log_3_b chunk_4y2");

    assertThat(second).isEqualTo(first);
    assertThat(miner.template(first).text()).isEqualTo("flushed <*> <*>");
    assertThat(add(miner, "rotated seg_17_a part_9x1"))
        .as("no word in common: another event")
        .isNotEqualTo(first);
  }

  @Test
  void treatsTheValuesOfOneKeyAsAVariable() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    int hot = add(miner, "cache evicted tier=hot reason=size");
    int cold = add(miner, "cache evicted tier=cold reason=size");
    int ttl = add(miner, "cache evicted tier=hot reason=ttl");

    assertThat(cold).isEqualTo(hot);
    assertThat(miner.resolve(ttl)).isEqualTo(hot);
    assertThat(add(miner, "cache hit tier=hot reason=size"))
        .as("the words around still count")
        .isNotEqualTo(miner.resolve(hot));
  }

  @Test
  void treatsQuotedStringsAsAVariableAndBareWordsAsVariants() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    int orders = add(miner, "table \"orders\" is locked");
    int users = add(miner, "table \"users\" is locked");
    int bareOrders = add(miner, "queue orders is paused");
    int bareUsers = add(miner, "queue users is paused");

    assertThat(users).isEqualTo(orders);
    assertThat(bareUsers).as("unquoted, two values stay two events").isNotEqualTo(bareOrders);
  }

  @Test
  void treatsNamesInTheSameFrameAsAVariableAndBareWordsAsVariants() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    int first = add(miner, "job mirror/west1 finished its sync");
    int second = add(miner, "job mirror/east2 finished its sync");
    int hookBuild = add(miner, "hook(build:run): step exited with no errors");
    int hookDeploy = add(miner, "hook(deploy:run): step exited with no errors");
    int started = add(miner, "sync worker started");
    int stopped = add(miner, "sync worker stopped");

    assertThat(second).isEqualTo(first);
    assertThat(miner.template(first).text()).isEqualTo("job <*> finished its sync");
    assertThat(hookDeploy).isEqualTo(hookBuild);
    assertThat(stopped).as("bare words, two values stay two events").isNotEqualTo(started);
  }

  @Test
  void treatsTheValueOfAKeyWrittenApartAsAVariable() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    int fast = add(miner, "window shown visible= true animating = false");
    int slow = add(miner, "window shown visible= false animating = false");
    int still = add(miner, "window shown visible= true animating = true");
    int open = add(miner, "drawer is open");
    int shut = add(miner, "drawer is shut");

    assertThat(slow).isEqualTo(fast);
    assertThat(miner.resolve(still)).isEqualTo(fast);
    assertThat(miner.template(fast).text()).isEqualTo("window shown visible= <*> animating = <*>");
    assertThat(shut).as("no key: two values stay two events").isNotEqualTo(open);
  }

  @Test
  void groupsTheRowsOfADotLeaderDumpAsOneEvent() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());
    String[] rows = {
      "retryBudget..........high",
      "cacheMode............lazy",
      "evictionPolicy.......lru",
      "name.................\"billing\"",
      "maxIdle..............30s",
      "trace................off",
    };
    List<Integer> ids = new ArrayList<>();
    for (String row : rows) {
      ids.add(add(miner, row));
    }
    int check = add(miner, "disk check: spare blocks.....ok");
    int parity = add(miner, "disk check: parity errors....ok");

    assertThat(ids.stream().map(miner::resolve).distinct()).hasSize(1);
    assertThat(miner.template(ids.get(0)).text()).isEqualTo("<*> ... <*>");
    assertThat(parity).as("names inside a sentence are the events").isNotEqualTo(check);
  }

  @Test
  void treatsANumberGluedToTheSameLettersAtOnePositionAsAVariable() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());
    List<Integer> ids = new ArrayList<>();
    ids.add(add(miner, "frame out on lane (t0, z1, n4) to 10.0.0.7"));
    ids.add(add(miner, "frame out on lane (t1, z1, n9) to 10.0.0.8"));
    ids.add(add(miner, "frame out on lane (t0, z2, n4) to 10.0.0.9"));
    ids.add(add(miner, "frame out on lane (t1, z0, n2) to 10.0.0.7"));
    int v4 = add(miner, "binding ipv4 socket for gateway");
    int v6 = add(miner, "binding ipv6 socket for gateway");
    int longWait = add(miner, "link (h2, w12) settled");
    int shortWait = add(miner, "link (h2, w3) settled");
    int hashed = add(miner, "stored digest md5 for upload");
    int hashedAgain = add(miner, "stored digest md5 for upload");

    assertThat(ids.stream().map(miner::resolve).distinct()).hasSize(1);
    assertThat(miner.template(ids.get(0)).text()).isEqualTo("frame out on lane <*> <*> <*> to <*>");
    assertThat(miner.resolve(shortWait))
        .as("a masked number and a digit after the same letter")
        .isEqualTo(miner.resolve(longWait));
    assertThat(miner.resolve(v6)).as("a longer word with a number: a constant").isNotEqualTo(v4);
    assertThat(miner.template(hashed).text())
        .as("a constant with a number seen alone stays a word")
        .isEqualTo("stored digest md5 for upload");
    assertThat(hashedAgain).isEqualTo(hashed);
  }

  @Test
  void treatsWordsSeenAsValuesOfAProvenVariableAfterTheSameWordAsAVariable() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());
    int carolClosed = add(miner, "session closed for user carol");
    int daveClosed = add(miner, "session closed for user dave");
    assertThat(daveClosed).as("two names, unproven: two variants").isNotEqualTo(carolClosed);
    int failedConnect = add(miner, "worker failed to connect");
    int failedBind = add(miner, "worker failed to bind");

    for (String name : new String[] {"alice", "bob", "carol", "dave", "erin"}) {
      add(miner, "rejected login attempt for user " + name + " from 10.0.0.7");
    }
    for (String target : new String[] {"alice", "bob", "connect2", "staging"}) {
      add(miner, "handed the session over to " + target + " now");
    }
    int alice = add(miner, "agent forwarding refused for user alice at 10.0.0.7");
    int bob = add(miner, "agent forwarding refused for user bob at 10.0.0.7");
    int zed = add(miner, "audit trail rotated for user zed");
    int yan = add(miner, "audit trail rotated for user yan");
    int erinClosed = add(miner, "session closed for user erin");

    assertThat(bob).as("both seen as values after 'user'").isEqualTo(alice);
    assertThat(miner.resolve(daveClosed))
        .as("variants kept apart before the proof merge with the next value seen")
        .isEqualTo(miner.resolve(carolClosed))
        .isEqualTo(miner.resolve(erinClosed));
    assertThat(yan).as("names never seen as values stay variants").isNotEqualTo(zed);
    assertThat(miner.resolve(failedBind))
        .as("words not seen as values stay events")
        .isNotEqualTo(miner.resolve(failedConnect));
  }

  @Test
  void findsAVariableLeadingTokenThatRoutingSentAstray() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    List<Integer> ids = new ArrayList<>();
    for (String program : List.of("mailer", "indexer", "crawler", "resizer", "notifier")) {
      ids.add(add(miner, program + " lost its lease on the work queue after 30s"));
    }

    assertThat(ids.subList(0, 3)).as("three values are still variants").doesNotHaveDuplicates();
    assertThat(ids.stream().map(miner::resolve).distinct()).hasSize(1);
    assertThat(miner.template(ids.get(0)).text())
        .isEqualTo("<*> lost its lease on the work queue after <*>");
  }

  @Test
  void keepsTheLeadingWordOfAShortMessageAsItsEvent() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    List<Integer> ids = new ArrayList<>();
    for (String verb : List.of("start", "stop", "pause", "resume", "reset", "flush")) {
      ids.add(add(miner, verb + " (job 42)"));
    }

    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void findsAValueOfSeveralWordsOnceSevenDifferentOnesFillTheSameFrame() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());
    List<String> shelves =
        List.of("Garden", "Cold Room", "Aisle Nine North", "Loading Bay", "Attic");
    List<String> more = List.of("Back Office Annex East", "Roof Terrace");

    List<Integer> ids = new ArrayList<>();
    for (String shelf : shelves) {
      ids.add(add(miner, "Counted shelf " + shelf + ": 12 boxes, next count in 40 min"));
    }
    assertThat(ids).as("five names are still five events").doesNotHaveDuplicates();
    for (String shelf : more) {
      ids.add(add(miner, "Counted shelf " + shelf + ": 7 boxes, next count in 15 min"));
    }
    int later = add(miner, "Counted shelf Basement Cage Two: 3 boxes, next count in 5 min");

    assertThat(ids.stream().map(miner::resolve).distinct()).containsExactly(miner.resolve(later));
    assertThat(miner.template(later).text())
        .isEqualTo("Counted shelf <*> <*> boxes, next count in <*> min");

    // Ever new names of any length join it, and leave no empty template behind.
    for (int i = 0; i < 2_000; i++) {
      String name = (letters(i) + " ").repeat(1 + i % 6).trim();
      assertThat(add(miner, "Counted shelf " + name + ": 1 boxes, next count in 9 min"))
          .isEqualTo(miner.resolve(later));
    }
    assertThat(miner.templates()).hasSize(1);
    assertThat(miner.template(later).count()).isEqualTo(2_008);
  }

  @Test
  void letsAVariableLeadingNameRunOnForAnotherValue() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    List<Integer> ids = new ArrayList<>();
    for (String program : List.of("mailer", "indexer", "crawler", "resizer", "notifier")) {
      ids.add(add(miner, program + " - lease on queue 7 lost after 30s"));
      ids.add(add(miner, program + " #2 - lease on queue 7 lost after 30s"));
    }

    assertThat(ids.stream().map(miner::resolve).distinct()).hasSize(1);
    assertThat(miner.template(ids.get(0)).text())
        .isEqualTo("<*> - lease on queue <*> lost after <*>");
  }

  @Test
  void keepsSentencesThatOnlyEndDifferentlyApart() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    List<Integer> ids = new ArrayList<>();
    for (String reason :
        List.of(
            "disk full",
            "quota exceeded for tenant",
            "lock held by another writer",
            "checksum mismatch",
            "target read only now",
            "peer gone",
            "too many open files here",
            "bad magic number")) {
      ids.add(add(miner, "Compaction of segment 17 aborted: " + reason));
    }

    assertThat(ids)
        .as("no word closes the value: eight reasons, eight events")
        .doesNotHaveDuplicates();
  }

  @Test
  void tellsItsListenerAboutMerges() {
    List<String> merges = new ArrayList<>();
    TemplateMiner.Listener listener =
        new TemplateMiner.Listener() {
          @Override
          public void merged(int from, int into) {
            merges.add(from + "->" + into);
          }
        };
    TemplateMiner miner =
        new TemplateMiner(new TemplateMiner.Config(3, 0.5, 100, 100, 2), listener);

    int a = add(miner, "user alice logged in");
    int b = add(miner, "user bob logged in");
    add(miner, "user carol logged in");

    assertThat(merges).containsExactly(b + "->" + a);
  }

  @Test
  void refusesToMergeMessagesThatDifferInTwoWords() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    int accepted = add(miner, "request accepted from client gateway");
    int rejected = add(miner, "request rejected from client scheduler");

    assertThat(rejected).isNotEqualTo(accepted);
  }

  @Test
  void treatsDifferentIdsWithMaskedPartsAsOneVariable() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    int shard = add(miner, "cached chunk shard_7_3 in memory");
    int part = add(miner, "cached chunk index_2_part0 in memory");

    assertThat(part).isEqualTo(shard);
    assertThat(miner.template(shard).text()).isEqualTo("cached chunk <*> in memory");
  }

  @Test
  void staysWithinTheCapByEvictingTheLeastRecentlySeenTemplate() {
    List<Integer> evicted = new ArrayList<>();
    TemplateMiner miner =
        new TemplateMiner(
            TemplateMiner.Config.defaults().withMaxTemplates(3),
            new TemplateMiner.Listener() {
              @Override
              public void evicted(LogTemplate template) {
                evicted.add(template.id());
              }
            });

    int alpha = add(miner, "alpha phase started");
    int beta = add(miner, "beta step finished ok");
    int gamma = add(miner, "gamma job queued at front of line");
    add(miner, "alpha phase started");
    int delta = add(miner, "delta");

    assertThat(miner.size()).isEqualTo(3);
    assertThat(evicted).containsExactly(beta);
    assertThat(miner.template(beta)).isNull();
    assertThat(miner.template(alpha)).isNotNull();
    assertThat(miner.template(gamma)).isNotNull();
    assertThat(miner.template(delta)).isNotNull();
    assertThat(miner.evictions()).isEqualTo(1);
  }

  @Test
  void keepsMemoryBoundedOverAStreamOfEverNewMessages() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults().withMaxTemplates(50));

    for (int i = 0; i < 5_000; i++) {
      // New words in two places: neither a variant nor a variable leading token joins them.
      add(miner, letters(i) + " happened" + " x".repeat(i % 7) + " to " + letters(i * 7 + 3));
    }

    assertThat(miner.size()).isLessThanOrEqualTo(50);
    assertThat(miner.evictions()).isGreaterThan(0);
  }

  @Test
  void neverReusesAnId() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults().withMaxTemplates(1));

    int first = add(miner, "one");
    int second = add(miner, "two words");
    int third = add(miner, "one");

    assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
  }
}
