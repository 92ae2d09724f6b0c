package dev.oats.llm.providers;

import dev.oats.config.OatsConfig;
import dev.oats.llm.anthropic.AnthropicChatModel;
import dev.oats.llm.openai.OpenAiChatModel;
import dev.oats.model.ChatModel;

/**
 * Builds the model the configuration names. The one class that knows every provider's adapter: it
 * sits outside {@code dev.oats.llm}, which the adapters use, so that the dependency goes one way.
 */
public final class Models {

  private Models() {}

  /**
   * The provider's adapter, without retries (the agent wraps it per investigation, so retry
   * warnings reach that investigation's events).
   *
   * @throws dev.oats.config.ConfigException when no provider is usable
   */
  public static ChatModel create(OatsConfig config) {
    return switch (config.requireModelAccess()) {
      case "anthropic" ->
          new AnthropicChatModel(
              config.anthropicApiKey(),
              config.anthropicBaseUrl(),
              config.model(),
              config.modelTimeout());
      case "openai" ->
          new OpenAiChatModel(
              config.openaiApiKey(), config.openaiBaseUrl(), config.model(), config.modelTimeout());
      default -> throw new IllegalStateException("unknown provider " + config.provider());
    };
  }

  /**
   * Prepares the first request of the model the configuration names without building its client
   * (its serialisers: see {@link AnthropicChatModel#prepareRequest} and {@link
   * OpenAiChatModel#prepareRequest}), so that it can run beside {@link #create}; does nothing for a
   * configuration without a known provider.
   *
   * @throws RuntimeException what the preparation met; the first real call meets it too
   */
  public static void prepareRequest(OatsConfig config) {
    switch (config.provider()) {
      case "anthropic" -> AnthropicChatModel.prepareRequest(config.model());
      case "openai" -> OpenAiChatModel.prepareRequest(config.model());
      case null, default -> {}
    }
  }

  /**
   * Prepares the reading of the first answer of the model the configuration names (its
   * deserialisers); does nothing for a configuration without a known provider.
   *
   * @throws RuntimeException what the preparation met; the first real answer meets it too
   */
  public static void prepareAnswer(OatsConfig config) {
    switch (config.provider()) {
      case "anthropic" -> AnthropicChatModel.prepareAnswer();
      case "openai" -> OpenAiChatModel.prepareAnswer();
      case null, default -> {}
    }
  }
}
