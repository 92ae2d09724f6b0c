package dev.oats.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An online, single-pass template miner in the manner of Drain (He et al., ICWS 2017).
 *
 * <p>Masked token sequences are routed through a fixed-depth prefix tree — first by token count,
 * then by their leading tokens — to a leaf holding a few clusters. A line joins the most similar
 * cluster when the share of equal tokens reaches the similarity threshold and it differs from the
 * cluster in at most one concrete token; otherwise it starts a new cluster. Tokens holding a
 * wildcard take the wildcard branch, and a node with too many children sends newcomers there too,
 * so the tree stays small whatever the input.
 *
 * <p>Where Drain turns a differing position into {@code <*>} at once, this miner first keeps the
 * few values seen there as <em>variants</em> of the cluster, each its own template: {@code link
 * state up} and {@code link state down} stay apart while they are the only two values. Once a
 * position has shown more than {@link Config#maxValues()} distinct values it is a variable: it
 * becomes {@code <*>} and the variants that differed only there merge into the oldest one. In a
 * line made mostly of values (a query or traffic log's record), a differing word is a variable at
 * its second value (rule 46, {@code mostlyValues}), the record's leading name too when nothing else
 * in it is a word (rule 47). A {@link Listener} hears of every merge, so that per-template data can
 * follow; {@link #resolve} maps an id given earlier to the one that holds its lines now.
 *
 * <p>Memory is bounded: at most {@link Config#maxTemplates()} templates are kept, and the clusters
 * least recently matched are evicted to make room. Ids are never reused.
 *
 * <p>Not thread-safe: one miner reads one stream.
 */
public final class TemplateMiner {

  /**
   * How the miner behaves.
   *
   * @param depth the depth of the prefix tree, counting the root and the token-count level: a depth
   *     of 4 routes on the first two tokens
   * @param similarity the share of equal tokens, between 0 and 1, from which a line may join a
   *     cluster
   * @param maxChildren the most children a tree node has before newcomers share its wildcard branch
   * @param maxTemplates the most templates kept; least recently matched clusters are evicted beyond
   * @param maxValues the most distinct values a position keeps as variants before it becomes a
   *     variable ({@code 1} behaves like Drain)
   */
  public record Config(
      int depth, double similarity, int maxChildren, int maxTemplates, int maxValues) {

    /** Checks the values. */
    public Config {
      if (depth < 3) {
        throw new IllegalArgumentException("depth must be at least 3: " + depth);
      }
      if (similarity <= 0 || similarity > 1) {
        throw new IllegalArgumentException("similarity must be in (0, 1]: " + similarity);
      }
      if (maxChildren < 2 || maxTemplates < 1 || maxValues < 1) {
        throw new IllegalArgumentException(
            "maxChildren >= 2, maxTemplates >= 1 and maxValues >= 1 required");
      }
    }

    /** The one configuration used for every log. */
    public static Config defaults() {
      return new Config(3, 0.5, 100, 10_000, 3);
    }

    /** The same configuration with another cap on templates. */
    public Config withMaxTemplates(int max) {
      return new Config(depth, similarity, maxChildren, max, maxValues);
    }
  }

  /** Hears when templates merge or are evicted. Both default to doing nothing. */
  public interface Listener {

    /** The lines of template {@code from} now belong to template {@code into}. */
    default void merged(int from, int into) {}

    /** This template, as it last stood, was evicted to respect the cap. */
    default void evicted(LogTemplate template) {}
  }

  /** Marks a position that has proved variable: any token matches it. */
  private static final String FREE = new String(Masker.WILDCARD);

  /** How many recent masked sequences are remembered; the memory is cleared when full. */
  private static final int RECENT_CAPACITY = 8192;

  /**
   * The words a line must share with a cluster of another leaf to join it: a variable leading token
   * shows in the rest of the message agreeing, and in a short message ({@code boot (command 3)},
   * {@code halt (command 4)}) the leading word is the event itself.
   */
  private static final int MIN_EQUAL_REROUTED = 3;

  /**
   * Rule 47: the values a line must hold, and no other word, for its differing first word to be a
   * field (a name leading a record of values) rather than the subject of a sentence.
   */
  private static final int MIN_VALUES_LED_BY_A_NAME = 3;

  /**
   * The most tokens by which the lengths of two lines whose middles differ may differ: a name of a
   * few words, a short list. Bounds the search for span families.
   */
  private static final int MAX_SPAN_GROWTH = 8;

  /**
   * The most clusters a merged span family keeps to route its lines, so that a family whose middle
   * takes ever new shapes stays bounded.
   */
  private static final int MAX_SPAN_MEMBERS = 64;

  /** The most clusters with a variable first token tried per length for a span family. */
  private static final int MAX_LEADING_SEARCH = 64;

  /** The fewest tokens a span family's prefix and suffix share: a constant frame around a value. */
  private static final int MIN_SPAN_FRAME = 3;

  /** The fewest words a sequence of constants holds for rule 45 to merge lines of two lengths. */
  private static final int MIN_CONSTANT_WORDS = 3;

  /** The most variants one cluster keeps; beyond, its busiest open position becomes variable. */
  private static final int MAX_VARIANTS = 32;

  private final Config config;
  private final Listener listener;
  private final Node root = new Node(null, null);
  private final LinkedHashMap<Cluster, Boolean> recency = new LinkedHashMap<>(256, 0.75f, true);
  private final IntKeyMap<Variant> variants = new IntKeyMap<>();
  private final Map<Integer, Integer> forwards = new HashMap<>();
  private final Map<String, Variant> recent = new HashMap<>();
  private final KeyedValues keyed = new KeyedValues();
  private final SharedValues shared = new SharedValues();
  private final Map<String, Cluster> byConstants = new HashMap<>();
  private int nextId = 1;
  private long evictions;

  /** See {@link #recentChanges}. */
  private int recentChanges;

  /** A miner with the given configuration. */
  public TemplateMiner(Config config) {
    this(config, new Listener() {});
  }

  /** A miner that tells {@code listener} about merges and evictions. */
  public TemplateMiner(Config config, Listener listener) {
    this.config = config;
    this.listener = listener;
  }

  /**
   * Adds one masked message and returns the id of the template it belongs to, new or existing.
   *
   * @param tokens the message's tokens, masked by {@link Masker}; the miner may keep the array
   */
  public int add(String[] tokens) {
    String joined = String.join(String.valueOf(Masker.SEPARATOR), tokens);
    Variant seen = recentlySeen(joined);
    return seen != null ? seen.id : learn(joined, tokens);
  }

  /**
   * Adds one message given as {@link Masker#maskJoined}: the tokens are only split apart when the
   * message is not a repeat of one seen recently.
   */
  int addJoined(String joined) {
    Variant seen = recentlySeen(joined);
    return seen != null ? seen.id : learn(joined, Masker.split(joined));
  }

  private int learn(String joined, String[] tokens) {
    Node leaf = leafFor(tokens);
    Cluster cluster = bestMatch(leaf.clusters, tokens, 1);
    if (cluster == null && tokens.length > 0) {
      cluster = rerouted(leaf, tokens);
    }
    Variant variant;
    if (cluster == null) {
      variant = newCluster(leaf, tokens);
      cluster = variant.cluster;
    } else if (cluster.span != null && cluster.span.merged != null) {
      variant = cluster.span.merged;
    } else {
      variant = join(cluster, tokens);
      if (cluster.span != null || (tokens.length > 0 && cluster.tokens[0] == FREE)) {
        variant = spannedAfterJoin(cluster, variant);
      }
    }
    recency.put(cluster, Boolean.TRUE);
    if (variant.cluster != cluster) {
      recency.put(variant.cluster, Boolean.TRUE);
    }
    variant.count++;
    evictIfFull();
    if (recent.size() >= RECENT_CAPACITY) {
      recent.clear();
      recentChanges++;
    }
    if (recent.put(joined, variant) != null) {
      recentChanges++;
    }
    return variant.id;
  }

  /**
   * What the miner knows of {@code joined}, a key just given to {@link #addJoined}, for a caller
   * that will give the same key instance again ({@link #addAgain}): its entry in the table of
   * recent keys and the template that entry leads to.
   */
  Seen seen(String joined) {
    Seen seen = new Seen();
    seen.entry = recent.get(joined);
    seen.recentChanges = recentChanges;
    seen.variantChanges = variants.changes() - 1;
    return seen;
  }

  /**
   * A key's entry in the table of recent keys ({@link #seen}), valid while the table has not
   * changed in a way that may change it (cleared, or a key's entry replaced: {@code
   * recentChanges}), and the template it led to, valid while no template was removed or replaced
   * ({@code variantChanges}).
   */
  static final class Seen {
    private Variant entry;
    private int recentChanges;
    private Variant variant;
    private int variantChanges;
  }

  /**
   * As {@link #addJoined}, for the key {@code seen} was taken for ({@link #seen}), or -1 when the
   * table of recent keys changed since (the caller then gives the key to {@link #addJoined}): the
   * same id, the same counts, without the table's lookup, nor the templates' while none changed.
   */
  int addAgain(String joined, Seen seen) {
    if (seen.recentChanges != recentChanges) {
      return -1;
    }
    Variant variant;
    if (seen.variantChanges == variants.changes()) {
      variant = seen.variant;
    } else {
      variant = seen.entry;
      if (variant != null && variants.get(variant.id) != variant) {
        variant = variants.get(resolve(variant.id));
      }
      if (variant == null) {
        return learn(joined, Masker.split(joined));
      }
      seen.variant = variant;
      seen.variantChanges = variants.changes();
    }
    recency.put(variant.cluster, Boolean.TRUE);
    variant.count++;
    return variant.id;
  }

  /**
   * The template a line with exactly these masked tokens joined recently, if it is still kept; it
   * is counted and marked as just seen. Most lines repeat a masked sequence seen before, and such a
   * line would join the same template again, so this skips the search.
   */
  private Variant recentlySeen(String joined) {
    Variant variant = recent.get(joined);
    if (variant != null && variants.get(variant.id) != variant) {
      variant = variants.get(resolve(variant.id));
    }
    if (variant != null) {
      recency.put(variant.cluster, Boolean.TRUE);
      variant.count++;
    }
    return variant;
  }

  /** The id that holds now the lines given {@code id} earlier (itself unless it was merged). */
  public int resolve(int id) {
    Integer forward = forwards.get(id);
    return forward == null ? id : forward;
  }

  /** The template with this id (resolved), or null when there is none (evicted, or never made). */
  public LogTemplate template(int id) {
    Variant variant = variants.get(resolve(id));
    return variant == null ? null : variant.view();
  }

  /** The templates kept now. */
  public List<LogTemplate> templates() {
    List<LogTemplate> all = new ArrayList<>(variants.size());
    for (Cluster cluster : recency.keySet()) {
      for (Variant variant : cluster.variants) {
        all.add(variant.view());
      }
    }
    return all;
  }

  /** How many templates are kept now. */
  public int size() {
    return variants.size();
  }

  /** How many templates have been evicted to respect the cap. */
  public long evictions() {
    return evictions;
  }

  /** Routes the line to its leaf, growing the tree as needed. */
  private Node leafFor(String[] tokens) {
    Node node = root.child(Integer.toString(tokens.length), config.maxChildren());
    int levels = Math.min(config.depth() - 2, tokens.length);
    for (int i = 0; i < levels; i++) {
      String token = tokens[i];
      node =
          node.child(
              token.contains(Masker.WILDCARD) ? Masker.WILDCARD : token, config.maxChildren());
    }
    return node;
  }

  /**
   * Routing on the leading token is a guess that a variable there (a process, host or thread name)
   * contradicts: when the line's own leaf has no cluster for it, the clusters of the other leaves
   * of its length are tried, with the same rules, the leading token counting as any other plain
   * word. A cluster found so is listed in this leaf too, so that the next line routed here finds it
   * at once.
   */
  private Cluster rerouted(Node leaf, String[] tokens) {
    if (!isPlainWord(tokens[0])) {
      // A quoted message or a key=value leads with the message's own constant: routing holds.
      return null;
    }
    Node lengthNode = root.children.get(Integer.toString(tokens.length));
    List<Cluster> others = new ArrayList<>();
    lengthNode.collectClusters(others, leaf);
    Cluster cluster = bestMatch(others, tokens, MIN_EQUAL_REROUTED);
    if (cluster != null) {
      leaf.clusters.add(cluster);
      cluster.leaves.add(leaf);
    }
    return cluster;
  }

  private static boolean isPlainWord(String token) {
    return !token.contains(Masker.WILDCARD)
        && token.indexOf('"') < 0
        && token.indexOf('\'') < 0
        && token.indexOf('=') < 0;
  }

  /**
   * The cluster the line joins: at most one conflicting token (a concrete token that differs, or an
   * unseen value at an open position), enough equal tokens, and the most of them.
   */
  private Cluster bestMatch(List<Cluster> candidates, String[] tokens, int minEqual) {
    Cluster best = null;
    int bestEqual = -1;
    int bestConflicts = 2;
    for (Cluster cluster : candidates) {
      int equal = 0;
      int conflicts = 0;
      int variables = 0;
      for (int i = 0; i < tokens.length && conflicts <= 1; i++) {
        switch (cluster.compare(i, tokens[i])) {
          case EQUAL -> equal++;
          case CONFLICT -> conflicts++;
          case VALUES, FREE -> variables++;
        }
      }
      // The threshold applies to the positions that can agree: a message made mostly of values
      // (ids, quoted names, key=value pairs) is judged on its few words, not on its length.
      if (conflicts > 1
          || equal < minEqual
          || equal < config.similarity() * (tokens.length - variables)) {
        continue;
      }
      if (equal > bestEqual || (equal == bestEqual && conflicts < bestConflicts)) {
        best = cluster;
        bestEqual = equal;
        bestConflicts = conflicts;
      }
    }
    return best;
  }

  /** Adds the line to the cluster: opens or extends the position it conflicts at, if any. */
  private Variant join(Cluster cluster, String[] tokens) {
    for (int i = 0; i < tokens.length; i++) {
      Comparison c = cluster.compare(i, tokens[i]);
      if (c == Comparison.VALUES) {
        freePosition(cluster, i);
      } else if (c == Comparison.FREE && i > 0) {
        keyed.remember(cluster.tokens[i - 1], tokens[i]);
      }
    }
    Site elsewhere = null;
    for (int i = 0; i < tokens.length; i++) {
      if (cluster.compare(i, tokens[i]) == Comparison.CONFLICT) {
        boolean object =
            cluster.open[i] == null
                && Syntax.afterPreposition(cluster.tokens, i, cluster.tokens[i], tokens[i]);
        elsewhere = config.maxValues() > 1 ? sharedSite(cluster, i, tokens[i]) : null;
        if (elsewhere != null) {
          if (cluster.open[i] == null) {
            rememberValue(cluster, i, tokens[i]);
          } else {
            rememberValues(cluster, i, tokens[i]);
          }
          freePosition(cluster, i);
        } else if (cluster.open[i] == null
            && config.maxValues() > 1
            && !object
            && !mostlyValues(cluster, i, tokens[i])) {
          cluster.openPosition(i, tokens[i]);
          rememberSite(cluster, i, cluster.tokens[i]);
          rememberSite(cluster, i, tokens[i]);
        } else if (cluster.open[i] == null) {
          if (object) {
            rememberValue(cluster, i, tokens[i]);
          }
          freePosition(cluster, i);
        } else if (mostlyValues(cluster, i, tokens[i])
            || !cluster.open[i].add(tokens[i], maxValuesAt(cluster.open[i], tokens[i]))) {
          rememberValues(cluster, i, tokens[i]);
          freePosition(cluster, i);
        } else {
          rememberSite(cluster, i, tokens[i]);
        }
        break;
      }
    }
    if (cluster.variants.size() > MAX_VARIANTS) {
      freePosition(cluster, cluster.busiestOpenPosition());
    }
    int[] key = cluster.keyOf(tokens);
    Variant aliased = cluster.alias == null ? null : aliased(cluster, key);
    if (aliased != null) {
      return freeElsewhere(elsewhere, aliased);
    }
    for (Variant variant : cluster.variants) {
      if (variant.hasKey(key)) {
        return freeElsewhere(elsewhere, variant);
      }
    }
    Variant variant = cluster.newVariant(nextId++, key);
    variants.put(variant.id, variant);
    return freeElsewhere(elsewhere, variant);
  }

  /**
   * Rule 44: the site, other than position {@code position} of {@code cluster}, where the new token
   * and one of the words already kept at the position were both seen as values ({@link
   * SharedValues}): the two are then values of one parameter, not the constants of two events.
   * Words that name an event whatever they recur with stay apart: forms of verbs ({@code started},
   * {@code Sending}, {@code LOOKING}; rule 27) and a capitalised word that starts the sentence
   * ({@code Client accept loop exiting}, {@code Route accept loop exiting}: the subject).
   */
  private Site sharedSite(Cluster cluster, int position, String token) {
    if (!Syntax.isWord(token)) {
      return null;
    }
    Site here = cluster.site(position);
    boolean start = Syntax.startsSentence(cluster.tokens, position);
    OpenValues open = cluster.open[position];
    int size = open == null ? 1 : open.size;
    for (int v = 0; v < size; v++) {
      String value = open == null ? cluster.tokens[position] : open.values[v];
      if (WordForms.sameStem(value, token)
          || WordForms.isVerbForm(value)
          || WordForms.isVerbForm(token)
          || (start && (WordForms.isCapitalised(value) || WordForms.isCapitalised(token)))) {
        continue;
      }
      Object site =
          shared.sharedSite(
              Syntax.bare(value), Syntax.bare(token), here, other -> elsewhere(here, (Site) other));
      if (site != null) {
        return (Site) site;
      }
    }
    return null;
  }

  /**
   * Whether a site where both words were seen is another event's: a kept cluster other than this
   * one, and not a parallel event. Events that differ in two few-valued words at once (a grid:
   * {@code TLS accepted|connected: new session negotiated} and {@code ... previous session reused},
   * {@code Received|Sending SUBACK} and {@code ... UNSUBACK}) show the same pair at the same
   * position of clusters of one length, or before the same word; a parameter's values recur in
   * events that say something else around them.
   */
  private static boolean elsewhere(Site here, Site other) {
    if (other.cluster == here.cluster || other.cluster.variants.isEmpty()) {
      return false;
    }
    if (other.cluster.tokens.length == here.cluster.tokens.length
        && other.position == here.position) {
      return false;
    }
    String next = here.next();
    return next == FREE || next.contains(Masker.WILDCARD) || !next.equals(other.next());
  }

  private void rememberSite(Cluster cluster, int position, String value) {
    if (Syntax.isWord(value)) {
      shared.remember(Syntax.bare(value), cluster.site(position));
    }
  }

  /**
   * The other site of a shared pair is a parameter too: its position is freed once the line has its
   * template (freeing may merge that cluster's templates, the line's among them).
   */
  private Variant freeElsewhere(Site elsewhere, Variant variant) {
    if (elsewhere == null
        || elsewhere.cluster.open[elsewhere.position] == null
        || elsewhere.cluster.variants.isEmpty()) {
      return variant;
    }
    OpenValues open = elsewhere.cluster.open[elsewhere.position];
    rememberValues(elsewhere.cluster, elsewhere.position, open.values[0]);
    freePosition(elsewhere.cluster, elsewhere.position);
    Variant now = variants.get(resolve(variant.id));
    return now == null ? variant : now;
  }

  /**
   * A position proved variable by its many values: they are remembered as values after the word
   * before it, for the positions of other events that show too few to prove themselves.
   */
  private void rememberValues(Cluster cluster, int position, String last) {
    if (position == 0) {
      return;
    }
    String word = cluster.tokens[position - 1];
    OpenValues values = cluster.open[position];
    for (int v = 0; v < values.size; v++) {
      keyed.remember(word, values.values[v]);
    }
    keyed.remember(word, last);
  }

  /**
   * Rule 43: the two objects of a preposition that freed a position are remembered as values after
   * it, as a proven variable's are (rule 17), for the clusters that see them again.
   */
  private void rememberValue(Cluster cluster, int position, String value) {
    if (position > 0) {
      keyed.remember(cluster.tokens[position - 1], cluster.tokens[position]);
      keyed.remember(cluster.tokens[position - 1], value);
    }
  }

  /**
   * Rule 46: whether the line around position {@code position} is made mostly of values, so that a
   * word differing there is a parameter at once (freed at its second value) rather than a constant
   * kept as a variant up to {@link Config#maxValues()} values. One fixed bound cannot fit both: a
   * sentence names its events by its words ({@code Disk <*> health is good|poor}), while a record
   * of fields (a query log's {@code <*> <*> MX IN}, a traffic log's verdict among addresses and
   * counts) has few constants, and a word among its values is one more field. The evidence is the
   * cluster's own: its masked values against its constant words (a key of {@code key=<*>} or {@code
   * key:<*>} counts as a word; open and freed positions count as neither, so freeing cannot
   * cascade), at least two values and more values than words. A record's only word, the first word
   * of the message or of a clause after a colon (its subject), a form of a verb (rule 27) and a
   * field's name (a label ending in {@code :} or {@code =}, or words up to one) keep the bound.
   * Rule 47: the message's first word is a field too when nothing else in the line is a word and it
   * holds at least {@link #MIN_VALUES_LED_BY_A_NAME} values (a listener's name leading a traffic
   * record of timers, counts and flags).
   */
  private static boolean mostlyValues(Cluster cluster, int position, String token) {
    String mine = cluster.tokens[position];
    if (mine == FREE
        || mine.contains(Masker.WILDCARD)
        || token.contains(Masker.WILDCARD)
        || !(Syntax.isWord(mine) || Syntax.isWord(token))
        || (position > 0 && startsClause(cluster.tokens, position))
        || WordForms.isVerbForm(mine)
        || WordForms.isVerbForm(token)
        || isLabel(mine)
        || isLabel(token)
        || namesAField(cluster.tokens, position)) {
      return false;
    }
    int words = 0;
    int values = 0;
    for (int j = 0; j < cluster.tokens.length; j++) {
      String other = cluster.tokens[j];
      if (j == position || cluster.open[j] != null || other == FREE) {
        continue;
      }
      int wildcard = other.indexOf(Masker.WILDCARD);
      if (wildcard >= 0) {
        int key = Math.max(other.indexOf('='), other.indexOf(':'));
        if (key > 0 && key < wildcard) {
          words++; // key=<*>, key:<*>: the key is constant text
        } else {
          values++;
        }
      } else if (Syntax.isWord(other)) {
        words++;
      }
    }
    if (position == 0) {
      // The first word leads a sentence as its subject unless nothing else in the line is a word:
      // a record of values led by a name (a listener, a pool, a host) is a field from the start.
      return words == 0 && values >= MIN_VALUES_LED_BY_A_NAME;
    }
    return values >= 2 && words < values;
  }

  /**
   * Whether the word at {@code position} opens the message or a clause after a colon ({@code config
   * <*> is <*>}, {@code query: <*> ...}): there it is the subject, the event's own word.
   */
  private static boolean startsClause(String[] tokens, int position) {
    if (position == 0) {
      return true;
    }
    String before = tokens[position - 1];
    return before != FREE && !before.contains(Masker.WILDCARD) && before.endsWith(":");
  }

  /**
   * Whether the words from {@code position} on end in a label ({@code home dir : <*>}, {@code
   * Doc-Root : <*>}): a field's name of one or more words, which names what follows.
   */
  private static boolean namesAField(String[] tokens, int position) {
    for (int j = position + 1; j < tokens.length; j++) {
      String next = tokens[j];
      if (next == FREE || next.contains(Masker.WILDCARD)) {
        return false;
      }
      if (isLabel(next)) {
        return true;
      }
    }
    return false;
  }

  /** A word that ends in a colon or an equals sign names the field after it ({@code UPLOAD:}). */
  private static boolean isLabel(String token) {
    char last = token.charAt(token.length() - 1);
    return last == ':' || last == '=';
  }

  /**
   * Rule 27: forms of states or actions ({@code starting}, {@code started}, {@code stopping},
   * {@code stopped}) are the words of as many events; they need twice the proof of other values to
   * make a variable ({@link WordForms#allPaired}).
   */
  private int maxValuesAt(OpenValues open, String token) {
    return WordForms.allPaired(open.values, open.size, token)
        ? 2 * config.maxValues()
        : config.maxValues();
  }

  /** Makes position i a variable and merges the variants that differed only there. */
  private void freePosition(Cluster cluster, int position) {
    cluster.tokens[position] = FREE;
    cluster.open[position] = null;
    for (Variant variant : cluster.variants) {
      variant.key[position] = -1;
      variant.text = null;
    }
    List<Variant> kept = new ArrayList<>(cluster.variants.size());
    for (Variant variant : cluster.variants) {
      Variant into = null;
      for (Variant survivor : kept) {
        if (survivor.hasKey(variant.key)) {
          into = survivor;
          break;
        }
      }
      if (into == null) {
        kept.add(variant);
      } else {
        into.count += variant.count;
        variants.remove(variant.id);
        forward(variant, into);
      }
    }
    Variant alias = cluster.alias == null ? null : variants.get(resolve(cluster.alias.id));
    if (alias != null) {
      // Rule 45: a template of the cluster that now has its own shape is the other length's.
      for (Iterator<Variant> it = kept.iterator(); it.hasNext(); ) {
        Variant variant = it.next();
        if (isBase(variant.key)) {
          it.remove();
          alias.count += variant.count;
          variants.remove(variant.id);
          forward(variant, alias);
        }
      }
    }
    cluster.variants.clear();
    cluster.variants.addAll(kept);
    absorbNarrower(cluster);
  }

  /**
   * Rule 34: a cluster made before a position of its neighbour proved variable may now be a special
   * case of it. Two lines of one event that differ from every cluster in two tokens at once (a name
   * and a flag set, read before either was proved variable) start a cluster of their own, and it
   * keeps its lines afterwards because it shares more words with them than the neighbour that
   * became general. Once a position of {@code cluster} is free, a cluster of the same leaf that
   * fits it whole (its words equal, its values among the open ones, its own open positions where
   * {@code cluster} is free) is one of its templates: its lines move there, as a new line of that
   * shape would.
   */
  private void absorbNarrower(Cluster cluster) {
    if (cluster.span != null) {
      return;
    }
    List<Cluster> narrower = null;
    for (Node leaf : cluster.leaves) {
      for (Cluster other : leaf.clusters) {
        if (other != cluster
            && other.span == null
            && fitsWhole(other, cluster)
            && (narrower == null || !narrower.contains(other))) {
          if (narrower == null) {
            narrower = new ArrayList<>(2);
          }
          narrower.add(other);
        }
      }
    }
    if (narrower == null) {
      return;
    }
    for (Cluster other : narrower) {
      int[] key = new int[cluster.tokens.length];
      for (int i = 0; i < key.length; i++) {
        key[i] = cluster.open[i] == null ? -1 : cluster.open[i].indexOf(other.tokens[i]);
      }
      Variant into = null;
      for (Variant variant : cluster.variants) {
        if (variant.hasKey(key)) {
          into = variant;
          break;
        }
      }
      if (into == null) {
        into = cluster.newVariant(nextId++, key);
        variants.put(into.id, into);
      }
      for (Variant variant : other.variants) {
        into.count += variant.count;
        variants.remove(variant.id);
        forward(variant, into);
      }
      other.variants.clear();
      recency.remove(other);
      unlist(other);
    }
  }

  /** Whether every line of {@code narrow} would join {@code wide} without a conflict. */
  private static boolean fitsWhole(Cluster narrow, Cluster wide) {
    if (narrow.tokens.length != wide.tokens.length) {
      return false;
    }
    for (int i = 0; i < wide.tokens.length; i++) {
      String mine = wide.tokens[i];
      if (mine == FREE) {
        continue;
      }
      if (narrow.open[i] != null || narrow.tokens[i] == FREE) {
        return false;
      }
      if (wide.open[i] != null
          ? wide.open[i].indexOf(narrow.tokens[i]) < 0
          : !mine.equals(narrow.tokens[i])) {
        return false;
      }
    }
    return true;
  }

  private void forward(Variant from, Variant into) {
    forwards.put(from.id, into.id);
    into.forwardedFrom.add(from.id);
    for (int earlier : from.forwardedFrom) {
      forwards.put(earlier, into.id);
      into.forwardedFrom.add(earlier);
    }
    listener.merged(from.id, into.id);
  }

  private void evictIfFull() {
    Iterator<Cluster> eldest = recency.keySet().iterator();
    while (variants.size() > config.maxTemplates() && eldest.hasNext()) {
      Cluster victim = eldest.next();
      eldest.remove();
      unlist(victim);
      if (victim.span != null) {
        victim.span.members.remove(victim);
        if (victim.span.merged != null && victim.span.merged.cluster == victim) {
          // The family's template goes: so do the clusters that fed it.
          for (Cluster member : victim.span.members) {
            member.span = null;
            recency.remove(member);
            unlist(member);
          }
          eldest = recency.keySet().iterator();
        }
      }
      for (Variant variant : victim.variants) {
        variants.remove(variant.id);
        variant.forwardedFrom.forEach(forwards::remove);
        evictions++;
        listener.evicted(variant.view());
      }
    }
  }

  private static void unlist(Cluster cluster) {
    for (Node leaf : cluster.leaves) {
      leaf.clusters.remove(cluster);
      leaf.pruneIfEmpty();
    }
  }

  // ---- rule 45: the same constants around values of varying length ----

  /**
   * Rule 45: the template of a cluster of another length with the same sequence of constants, for
   * the new cluster's lines; null when there is none (then the cluster is registered by its
   * constants, if it has enough words). The lines of one event whose values span a varying number
   * of tokens (a list without commas, a name of several words, an optional value) differ in length,
   * so each length makes a cluster of its own; in the manner of Spell (Du and Li, ICDM 2016), two
   * clusters whose longest common subsequence of constants is all the constants of both are one
   * event. Every token without a masked part is a constant here (words, and marks such as {@code
   * <=} or {@code ==}), and so is the key of a masked {@code key=value}: two lines that differ in
   * one constant, or in which constant follows which, stay apart; only the number and the place of
   * values differ. At least {@link #MIN_CONSTANT_WORDS} words: a message made mostly of values is
   * not judged by a word or two.
   */
  private Variant sameConstants(Cluster cluster) {
    String constants = constantsOf(cluster.tokens);
    if (constants == null) {
      return null;
    }
    Cluster first = byConstants.get(constants);
    Variant template = first == null ? null : baseTemplate(first);
    if (template != null) {
      return first.tokens.length != cluster.tokens.length ? template : null;
    }
    if (byConstants.size() >= RECENT_CAPACITY) {
      byConstants.clear();
    }
    byConstants.put(constants, cluster);
    return null;
  }

  /** The constants of a line in order, joined, or null with fewer than the words needed. */
  private static String constantsOf(String[] tokens) {
    StringBuilder b = new StringBuilder();
    int words = 0;
    for (String token : tokens) {
      if (token == FREE || token.contains(Masker.WILDCARD)) {
        int key = KeyFields.keyLength(token);
        if (key > 0) {
          b.append(token, 0, key).append(Masker.SEPARATOR);
        }
        continue;
      }
      b.append(token).append(Masker.SEPARATOR);
      if (Syntax.isWord(token)) {
        words++;
      }
    }
    return words >= MIN_CONSTANT_WORDS ? b.toString() : null;
  }

  /**
   * The template of the cluster's own line (its variant with the first value at every open
   * position, or the family's template it merged into), or null when the cluster is gone.
   */
  private Variant baseTemplate(Cluster cluster) {
    if (cluster.span != null && cluster.span.merged != null) {
      return variants.get(resolve(cluster.span.merged.id));
    }
    for (Variant variant : cluster.variants) {
      if (variants.get(variant.id) != variant) {
        continue;
      }
      if (isBase(variant.key)) {
        return variant;
      }
    }
    return null;
  }

  /**
   * Rule 45: the template of another length for a line of the cluster's own shape (its first value
   * at every open position), or null for a line with another value there, or once that template is
   * gone (then the cluster keeps its lines itself).
   */
  private Variant aliased(Cluster cluster, int[] key) {
    if (!isBase(key)) {
      return null;
    }
    Variant target = variants.get(resolve(cluster.alias.id));
    if (target == null) {
      cluster.alias = null;
    }
    return target;
  }

  private static boolean isBase(int[] key) {
    for (int k : key) {
      if (k > 0) {
        return false;
      }
    }
    return true;
  }

  // ---- span families: one variable made of several tokens (issue 15) ----

  /**
   * Starts a cluster for a line that fits none; the template returned is its own, or that of the
   * merged span family it fits (then the cluster only routes such lines there, and past a bound the
   * family keeps no more such clusters: the variant's cluster is the family's then).
   */
  private Variant newCluster(Node leaf, String[] tokens) {
    Cluster cluster = new Cluster(tokens, leaf, keyed);
    leaf.clusters.add(cluster);
    Variant same = sameConstants(cluster);
    if (same != null) {
      // Rule 45: the cluster routes lines of its shape to the template of another length; past a
      // bound on such clusters per template, lines of new shapes find it through their constants.
      if (++same.aliases > MAX_SPAN_MEMBERS) {
        unlist(cluster);
      } else {
        cluster.alias = same;
        recency.put(cluster, Boolean.TRUE);
      }
      return same;
    }
    Variant variant = cluster.newVariant(nextId++, null);
    variants.put(variant.id, variant);
    Variant family = spanned(cluster, variant);
    if (family == variant) {
      return variant;
    }
    variants.remove(variant.id);
    cluster.variants.clear();
    if (cluster.span.members.size() > MAX_SPAN_MEMBERS) {
      cluster.span.members.remove(cluster);
      unlist(cluster);
      return family;
    }
    recency.put(cluster, Boolean.TRUE);
    return family;
  }

  /** After a line joined a cluster: a family may have grown, or the first token proved variable. */
  private Variant spannedAfterJoin(Cluster cluster, Variant variant) {
    if (cluster.span == null && !cluster.leadSearched) {
      // Its first token just proved variable: lines of another length may share the frame.
      cluster.leadSearched = true;
      adopt(cluster);
    }
    return cluster.span != null ? spanned(cluster, variant) : variant;
  }

  /**
   * Lines of one event whose variable is made of several tokens ({@code Low stock for Desk Lamp:},
   * a list without commas, a path with spaces) differ in length or in several adjacent tokens, so
   * each shape makes a cluster of its own. Clusters that share a constant frame around a differing
   * middle form a <em>span family</em>: the same first and last tokens, half of the longer line at
   * least, with {@link #MIN_SPAN_FRAME} equal words among them and one on each side of the middle
   * (a sentence that only ends differently is not a frame). A family starts from two lengths;
   * clusters of one length join it later. As with variants, a few middles stay apart (two reasons
   * written in words are two events); once the family has seen more than twice {@link
   * Config#maxValues()} middles (a span is a bolder guess than one variable word, so it needs twice
   * the proof), the middle is a variable: the family's templates merge into one, {@code prefix <*>
   * suffix}, and a new line fitting the frame with any middle joins it.
   *
   * <p>The search runs only when a line starts a cluster, among the clusters of nearby lengths with
   * the same leading token; a cluster already in a family counts its middles when it gains a value.
   *
   * @return the template the line belongs to: {@code variant}, or the family's merged template
   */
  private Variant spanned(Cluster cluster, Variant variant) {
    if (cluster.span == null) {
      if (cluster.tokens.length < MIN_SPAN_FRAME + 1) {
        return variant;
      }
      adopt(cluster);
      if (cluster.span == null) {
        return variant;
      }
    }
    SpanFamily family = cluster.span;
    int proof = 2 * config.maxValues();
    if (family.merged == null && (family.proven || family.middles(proof) > proof)) {
      merge(family);
    }
    return family.merged != null ? family.merged : variant;
  }

  /** Finds the family of a new cluster among the clusters of nearby lengths, or starts one. */
  private void adopt(Cluster cluster) {
    String[] tokens = cluster.tokens;
    String lead = tokens[0].contains(Masker.WILDCARD) ? Masker.WILDCARD : tokens[0];
    int n = tokens.length;
    for (int length = Math.max(MIN_SPAN_FRAME + 1, n - MAX_SPAN_GROWTH);
        length <= n + MAX_SPAN_GROWTH;
        length++) {
      Node lengthNode = root.children.get(Integer.toString(length));
      Node node = lengthNode == null ? null : lengthNode.children.get(lead);
      if (node == null) {
        continue;
      }
      for (Cluster other : node.clusters) {
        if (other != cluster && joinFamily(other, cluster)) {
          return;
        }
      }
    }
    adoptAfterLeadingVariable(cluster);
  }

  /**
   * The clusters whose first token proved variable are listed under other leading words: they are
   * looked up among the clusters of nearby lengths, at most {@link #MAX_LEADING_SEARCH} of each.
   */
  private void adoptAfterLeadingVariable(Cluster cluster) {
    int n = cluster.tokens.length;
    List<Cluster> candidates = new ArrayList<>();
    for (int length = Math.max(MIN_SPAN_FRAME + 1, n - MAX_SPAN_GROWTH);
        length <= n + MAX_SPAN_GROWTH;
        length++) {
      Node lengthNode = root.children.get(Integer.toString(length));
      if (lengthNode == null) {
        continue;
      }
      candidates.clear();
      lengthNode.collectClusters(candidates, null);
      int tried = 0;
      for (Cluster other : candidates) {
        if (other != cluster
            && other.tokens[0] == FREE
            && ++tried <= MAX_LEADING_SEARCH
            && joinFamily(other, cluster)) {
          return;
        }
      }
    }
  }

  /** Puts the new cluster into the family of {@code other}, or a new family of the two. */
  private boolean joinFamily(Cluster other, Cluster cluster) {
    String[] tokens = cluster.tokens;
    int n = tokens.length;
    int m = other.tokens.length;
    int prefix = 0;
    int equalBefore = 0;
    int shorter = Math.min(n, m);
    for (; prefix < shorter; prefix++) {
      Comparison c = other.compare(prefix, tokens[prefix]);
      if (c == Comparison.CONFLICT) {
        break;
      }
      equalBefore += c == Comparison.EQUAL && Syntax.isWord(tokens[prefix]) ? 1 : 0;
    }
    // A line that starts with a proven variable (a program or host name routing could not keep
    // apart) may have its value go on for a token more: the middle then starts the line.
    boolean leading = equalBefore == 0 && isValue(other.tokens[0]);
    if (leading) {
      prefix = 0;
    }
    int suffix = 0;
    int equalAfter = 0;
    for (; suffix < shorter - Math.max(prefix, 1); suffix++) {
      Comparison c = other.compare(m - 1 - suffix, tokens[n - 1 - suffix]);
      if (c == Comparison.CONFLICT) {
        break;
      }
      equalAfter += c == Comparison.EQUAL && Syntax.isWord(tokens[n - 1 - suffix]) ? 1 : 0;
    }
    // Both middles hold a token; of equal lengths, two at least (one is a variant's business).
    // A value sits between constant words: the middle has a word on both sides, so a sentence that
    // only ends differently (two reasons, two states) is not taken for one with a long value; and
    // the frame's words are equal words, not values that happen to be masked alike.
    int frame = prefix + suffix;
    if ((equalBefore == 0 && !(leading && equalAfter >= MIN_SPAN_FRAME))
        || equalAfter == 0
        || equalBefore + equalAfter < MIN_SPAN_FRAME
        || frame > shorter - (n == m ? 2 : 1)
        || frame < MIN_SPAN_FRAME
        || 2 * frame < Math.max(n, m)) {
      return false;
    }
    SpanFamily family = other.span;
    if (family == null) {
      // A family starts from two lengths: of one length, lines that differ in several adjacent
      // words are different events far more often than one event's long value.
      if (n == m || other.tokens.length < MIN_SPAN_FRAME + 1) {
        return false;
      }
      family = new SpanFamily(prefix, suffix);
      family.members.add(other);
      other.span = family;
      family.proven =
          valuesOnly(other, prefix, suffix, leading)
              && valuesOnly(cluster, prefix, suffix, leading);
    } else if (prefix < family.prefix || suffix < family.suffix) {
      return false;
    } else if (family.merged != null) {
      // The line fits a merged family: it is one more middle.
      cluster.span = family;
      family.members.add(cluster);
      return true;
    }
    cluster.span = family;
    family.members.add(cluster);
    return true;
  }

  /**
   * Whether the middle of the cluster is made of values only (masked, or proven variable; the first
   * token too when the middle starts the line after a variable): a run of values of varying length,
   * such as a list without commas, needs no more proof than that.
   */
  private static boolean valuesOnly(Cluster cluster, int prefix, int suffix, boolean leading) {
    for (int i = prefix; i < cluster.tokens.length - suffix; i++) {
      if (!(isValue(cluster.tokens[i]) || (leading && i == 0))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isValue(String token) {
    return token == FREE || token.contains(Masker.WILDCARD);
  }

  /** Merges the templates of a family into one, {@code prefix <*> suffix}. */
  private void merge(SpanFamily family) {
    Cluster first = family.members.get(0);
    String[] frame = new String[family.prefix + 1 + family.suffix];
    System.arraycopy(first.tokens, 0, frame, 0, family.prefix);
    frame[family.prefix] = FREE;
    System.arraycopy(
        first.tokens, first.tokens.length - family.suffix, frame, family.prefix + 1, family.suffix);
    for (int i = 0; i < frame.length; i++) {
      int at = i < family.prefix ? i : i + first.tokens.length - frame.length;
      if (i != family.prefix && first.open[at] != null) {
        frame[i] = FREE;
      }
    }
    Cluster merged = new Cluster(frame, null, keyed);
    merged.span = family;
    Variant into = merged.newVariant(nextId++, null);
    variants.put(into.id, into);
    for (Cluster member : family.members) {
      for (Variant variant : member.variants) {
        into.count += variant.count;
        variants.remove(variant.id);
        forward(variant, into);
      }
      member.variants.clear();
    }
    family.merged = into;
    family.members.add(merged);
    recency.put(merged, Boolean.TRUE);
  }

  /** Clusters sharing a constant frame around a middle that differs; see {@link #spanned}. */
  private static final class SpanFamily {
    final int prefix;
    final int suffix;
    final List<Cluster> members = new ArrayList<>(4);

    /** The one template of the family once its middle proved variable; null before. */
    Variant merged;

    /** The first two middles were runs of values: variable without more proof. */
    boolean proven;

    SpanFamily(int prefix, int suffix) {
      this.prefix = prefix;
      this.suffix = suffix;
    }

    /**
     * How many middles the family has seen, counting at most {@code max + 1}: one per cluster, or
     * as many as the values of an open position inside its middle. A variable there counts once: an
     * optional word before a variable ({@code for alice}, {@code for invalid user alice}) is one
     * more middle, not proof of a span.
     */
    int middles(int max) {
      int count = 0;
      for (Cluster member : members) {
        int most = 1;
        for (int i = prefix; i < member.tokens.length - suffix; i++) {
          if (member.open[i] != null) {
            most = Math.max(most, member.open[i].size);
          }
        }
        count += most;
        if (count > max) {
          return count;
        }
      }
      return count;
    }
  }

  /** How a line's token compares with a cluster's position. */
  private enum Comparison {
    EQUAL,
    CONFLICT,
    /** Both are masked values of different shapes: the position is a variable. */
    VALUES,
    FREE
  }

  /** A node of the prefix tree; leaves hold the clusters. */
  private static final class Node {
    final Node parent;
    final String key;
    final Map<String, Node> children = new HashMap<>(4);
    final List<Cluster> clusters = new ArrayList<>(2);

    Node(Node parent, String key) {
      this.parent = parent;
      this.key = key;
    }

    /** The child for {@code key}: existing, new, or the shared wildcard child when full. */
    Node child(String key, int maxChildren) {
      Node child = children.get(key);
      if (child != null) {
        return child;
      }
      if (key.equals(Masker.WILDCARD) || children.size() + 1 >= maxChildren) {
        Node wildcard = children.get(Masker.WILDCARD);
        if (wildcard == null) {
          wildcard = new Node(this, Masker.WILDCARD);
          children.put(Masker.WILDCARD, wildcard);
        }
        return wildcard;
      }
      child = new Node(this, key);
      children.put(key, child);
      return child;
    }

    /** Adds the clusters of the leaves under this node, except those of {@code skip}. */
    void collectClusters(List<Cluster> into, Node skip) {
      if (this != skip) {
        // A cluster listed in several leaves is added more than once: harmless for a search.
        into.addAll(clusters);
      }
      for (Node child : children.values()) {
        child.collectClusters(into, skip);
      }
    }

    void pruneIfEmpty() {
      Node node = this;
      while (node.parent != null && node.clusters.isEmpty() && node.children.isEmpty()) {
        node.parent.children.remove(node.key);
        node = node.parent;
      }
    }
  }

  /** The few values seen at an open position. */
  private static final class OpenValues {
    String[] values = new String[4];
    int size;

    int indexOf(String token) {
      for (int i = 0; i < size; i++) {
        if (values[i].equals(token)) {
          return i;
        }
      }
      return -1;
    }

    /** Adds a new value; false when that makes more than {@code max} values. */
    boolean add(String token, int max) {
      if (size == max) {
        return false;
      }
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = token;
      return true;
    }
  }

  /**
   * Lines of one length and shape: concrete tokens, open positions with their few values, and free
   * positions. Each combination of values at the open positions is a variant.
   */
  private static final class Cluster {
    final String[] tokens;
    final OpenValues[] open;

    /** The leaves that list this cluster: the one it was made in, and those rerouted to it. */
    final List<Node> leaves = new ArrayList<>(1);

    final List<Variant> variants = new ArrayList<>(1);

    /** The span family this cluster belongs to, or null. */
    SpanFamily span;

    /** Rule 45: the template of another length this cluster's lines go to, or null. */
    Variant alias;

    /** A span family was looked for once its first token proved variable. */
    boolean leadSearched;

    /** The sites of its positions, made when a position first opens (rule 44). */
    Site[] sites;

    /** The values of proven variables by the word before them, shared by all clusters. */
    final KeyedValues keyed;

    Cluster(String[] tokens, Node leaf, KeyedValues keyed) {
      this.tokens = tokens;
      this.keyed = keyed;
      this.open = new OpenValues[tokens.length];
      if (leaf != null) {
        this.leaves.add(leaf);
      }
    }

    Comparison compare(int i, String token) {
      String mine = tokens[i];
      if (mine == FREE) {
        return Comparison.FREE;
      }
      if (open[i] != null) {
        if (open[i].indexOf(token) >= 0) {
          return Comparison.EQUAL;
        }
        // Values kept apart before a variable elsewhere showed them to be one parameter's.
        return i > 0 && keyed.bothValuesAfter(tokens[i - 1], open[i].values[0], token)
            ? Comparison.VALUES
            : Comparison.CONFLICT;
      }
      if (mine.equals(token)) {
        return Comparison.EQUAL;
      }
      // Two different values that both hold a masked part are ids, not words: a variable. So are
      // the values of one key (user=alice, user=bob), quoted strings and names in one frame
      // (pool/db1, pool/db2), the values of a key written apart (mode= fast, mode = safe), and one
      // short code with two numbers (q0, and q1,), and a name with and without its number masked
      // (ev7 and ev<*>, rule 41): the message's own syntax says they are
      // parameters. Different keys (message-id=<*>, client=<*>) are different fields whatever
      // their values (rule 38).
      return (mine.contains(Masker.WILDCARD)
                  && token.contains(Masker.WILDCARD)
                  && !KeyFields.differentKeys(mine, token))
              || Syntax.sameKey(mine, token)
              || Syntax.bothQuoted(mine, token)
              || Syntax.sameNameFrame(mine, token)
              || Syntax.sameCodeNumbered(mine, token)
              || Syntax.sameNameMaskedNumber(mine, token)
              || Syntax.sameEnumeration(mine, token)
              || (Syntax.afterDetachedKey(tokens, i)
                  && Syntax.isDetachedValue(mine)
                  && Syntax.isDetachedValue(token))
              || (i > 0 && keyed.bothValuesAfter(tokens[i - 1], mine, token))
          ? Comparison.VALUES
          : Comparison.CONFLICT;
    }

    Site site(int i) {
      if (sites == null) {
        sites = new Site[tokens.length];
      }
      if (sites[i] == null) {
        sites[i] = new Site(this, i);
      }
      return sites[i];
    }

    /** Position i held one value so far; now it holds two, and every variant has the first. */
    void openPosition(int i, String token) {
      OpenValues values = new OpenValues();
      values.add(tokens[i], Integer.MAX_VALUE);
      values.add(token, Integer.MAX_VALUE);
      open[i] = values;
      for (Variant variant : variants) {
        variant.key[i] = 0;
      }
    }

    int[] keyOf(String[] line) {
      int[] key = new int[tokens.length];
      for (int i = 0; i < key.length; i++) {
        key[i] = open[i] == null ? -1 : open[i].indexOf(line[i]);
      }
      return key;
    }

    int busiestOpenPosition() {
      int busiest = -1;
      for (int i = 0; i < open.length; i++) {
        if (open[i] != null && (busiest < 0 || open[i].size > open[busiest].size)) {
          busiest = i;
        }
      }
      return busiest;
    }

    Variant newVariant(int id, int[] key) {
      int[] k = key;
      if (k == null) {
        k = new int[tokens.length];
        java.util.Arrays.fill(k, -1);
      }
      Variant variant = new Variant(id, this, k);
      variants.add(variant);
      return variant;
    }
  }

  /** One position of one cluster, as {@link SharedValues} names it. */
  private record Site(Cluster cluster, int position) {

    /** The token after the position, or the empty string at the end of the line. */
    String next() {
      return position + 1 < cluster.tokens.length ? cluster.tokens[position + 1] : "";
    }
  }

  /** One template: a cluster with its open positions set to particular values. */
  private static final class Variant {
    final int id;
    final Cluster cluster;
    final int[] key;
    final List<Integer> forwardedFrom = new ArrayList<>(0);
    long count;

    /** How many clusters of other lengths route their lines here (rule 45). */
    int aliases;

    String text;

    Variant(int id, Cluster cluster, int[] key) {
      this.id = id;
      this.cluster = cluster;
      this.key = key;
    }

    boolean hasKey(int[] other) {
      return java.util.Arrays.equals(key, other);
    }

    LogTemplate view() {
      if (text == null) {
        StringBuilder b = new StringBuilder();
        String[] tokens = cluster.tokens;
        for (int i = 0; i < tokens.length; i++) {
          if (i > 0) {
            b.append(' ');
          }
          b.append(key[i] >= 0 ? cluster.open[i].values[key[i]] : tokens[i]);
        }
        text = b.toString();
      }
      return new LogTemplate(id, text, count);
    }
  }
}
