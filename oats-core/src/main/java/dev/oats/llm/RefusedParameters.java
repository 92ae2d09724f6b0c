package dev.oats.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request parameters one model turned out to refuse, learnt from its HTTP 400 answers and
 * remembered for the calls after. Providers retire parameters model by model (newer Claude models
 * refuse {@code temperature}; OpenAI's reasoning models refuse {@code temperature} other than 1 and
 * {@code max_tokens}), and no list of which model takes what stays true for long.
 */
public final class RefusedParameters {

  private static final Logger LOG = LoggerFactory.getLogger(RefusedParameters.class);

  private final String modelLabel;
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  /**
   * @param modelLabel names the model in the log line, such as {@code openai/gpt-5}
   */
  public RefusedParameters(String modelLabel) {
    this.modelLabel = modelLabel;
  }

  /** Whether requests should still carry this parameter. */
  public boolean sends(String parameter) {
    return !refused.contains(parameter);
  }

  /**
   * Learns from a failed call which of the given parameters the model refuses: those the error
   * names, in its {@code param} field or its message.
   *
   * @return true when it learnt a parameter it did not know of, so the call is worth making again
   *     without it
   */
  public boolean learnFrom(int status, JsonNode errorBody, Collection<String> droppable) {
    if (status != 400) {
      return false;
    }
    String message = ModelFailures.providerMessage(errorBody).orElse("").toLowerCase(Locale.ROOT);
    String param = errorBody == null ? "" : errorBody.path("error").path("param").asText("");
    boolean learnt = false;
    for (String parameter : droppable) {
      boolean named = parameter.equals(param) || message.contains(parameter);
      if (named && refused.add(parameter)) {
        LOG.info("{} refuses the parameter {}; sending requests without it", modelLabel, parameter);
        learnt = true;
      }
    }
    return learnt;
  }
}
