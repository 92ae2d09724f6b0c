package dev.oats.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attribute keys OATS's spans use: the OpenTelemetry GenAI semantic conventions (still in
 * development upstream, so spelled here rather than taken from the incubating artifact), and OATS's
 * own under {@code oats.}.
 */
final class GenAi {

  private GenAi() {}

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");

  /** The older name of {@link #PROVIDER}, which many backends still read. */
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");

  static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
  static final AttributeKey<String> CONVERSATION_ID =
      AttributeKey.stringKey("gen_ai.conversation.id");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<Long> REQUEST_MAX_TOKENS =
      AttributeKey.longKey("gen_ai.request.max_tokens");
  static final AttributeKey<Double> REQUEST_TEMPERATURE =
      AttributeKey.doubleKey("gen_ai.request.temperature");
  static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<List<String>> FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Long> CACHE_READ_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  static final AttributeKey<Long> CACHE_CREATION_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
  static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
  static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  // Content: only with OATS_TRACE_CONTENT=true, and redacted.
  static final AttributeKey<String> SYSTEM_INSTRUCTIONS =
      AttributeKey.stringKey("gen_ai.system_instructions");
  static final AttributeKey<String> INPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.output.messages");
  static final AttributeKey<String> TOOL_ARGUMENTS =
      AttributeKey.stringKey("gen_ai.tool.call.arguments");
  static final AttributeKey<String> TOOL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");

  // OATS's own.
  static final AttributeKey<String> INVESTIGATION_ID =
      AttributeKey.stringKey("oats.investigation.id");
  static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("oats.run.id");
  static final AttributeKey<Long> RUN_NUMBER = AttributeKey.longKey("oats.run.number");
  static final AttributeKey<String> STATUS = AttributeKey.stringKey("oats.investigation.status");
  static final AttributeKey<String> FAILURE_KIND = AttributeKey.stringKey("oats.failure.kind");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("oats.investigation.reason");
  static final AttributeKey<Long> TURNS = AttributeKey.longKey("oats.turns");
  static final AttributeKey<String> TOOL_STATUS = AttributeKey.stringKey("oats.tool.status");
  static final AttributeKey<Long> TOOL_OUTPUT_BYTES =
      AttributeKey.longKey("oats.tool.output_bytes");
  static final AttributeKey<Boolean> TOOL_TRUNCATED =
      AttributeKey.booleanKey("oats.tool.output_truncated");
  static final AttributeKey<String> JOB_NAME = AttributeKey.stringKey("k8s.job.name");
  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("k8s.namespace.name");
}
