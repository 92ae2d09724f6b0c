// The investigation page's state as a fold of its event log: every event the stream delivers goes
// through fold(), and the page renders what comes out. No DOM here, so it is unit-tested with
// `node --test` (src/test/js).

const TOKEN_KINDS = ['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens'];

/** The state before any event. */
export function initial() {
  return {
    lastSeq: 0,
    status: null,
    run: 0,
    turn: 0,
    maxTurns: null,
    model: null,
    tokens: Object.fromEntries(TOKEN_KINDS.map((k) => [k, 0])),
    thinking: null,
    held: {},
    decided: {},
    exchanges: [],
    end: null,
  };
}

/** The total of the four token counts. */
export function totalTokens(tokens) {
  return TOKEN_KINDS.reduce((sum, k) => sum + (tokens?.[k] ?? 0), 0);
}

function without(map, key) {
  const copy = { ...map };
  delete copy[key];
  return copy;
}

function lastExchange(exchanges, change) {
  if (exchanges.length === 0) return exchanges;
  return [...exchanges.slice(0, -1), { ...exchanges[exchanges.length - 1], ...change }];
}

/**
 * The state after one recorded event ({seq, at, event}). An event at or below the last one seen
 * changes nothing, so a reconnect that replays events is harmless.
 */
export function fold(state, recorded) {
  if (!recorded || recorded.seq <= state.lastSeq) return state;
  const event = recorded.event ?? {};
  const next = { ...state, lastSeq: recorded.seq };
  switch (event.type) {
    case 'started':
      return {
        ...next,
        status: 'running',
        run: state.run + 1,
        turn: 0,
        maxTurns: event.max_turns ?? state.maxTurns,
        model: event.model ?? state.model,
        end: null,
        exchanges: state.exchanges.length === 0 ? [{ question: event.goal }] : state.exchanges,
      };
    case 'turn_started':
      return {
        ...next,
        status: 'running',
        turn: event.turn,
        maxTurns: event.max_turns ?? state.maxTurns,
        thinking: { turn: event.turn, since: recorded.at },
      };
    case 'model_replied':
    case 'thought':
    case 'tool_call':
      return { ...next, thinking: null };
    case 'usage': {
      const tokens = { ...state.tokens };
      for (const k of TOKEN_KINDS) tokens[k] += event.usage?.[k] ?? 0;
      return { ...next, tokens, thinking: null };
    }
    case 'approval_required':
      return {
        ...next,
        status: 'waiting_for_approval',
        held: {
          ...state.held,
          [event.call_id]: {
            tool: event.tool,
            arguments: event.arguments,
            reason: event.reason,
            turn: event.turn,
          },
        },
      };
    case 'paused':
      return { ...next, status: 'waiting_for_approval', thinking: null };
    case 'approval_decided': {
      const held = without(state.held, event.call_id);
      return {
        ...next,
        held,
        status: Object.keys(held).length ? 'waiting_for_approval' : 'running',
        decided: {
          ...state.decided,
          [event.call_id]: {
            approved: event.approved,
            by: event.decided_by,
            reason: event.reason,
            timedOut:
              !event.approved &&
              event.decided_by === 'oats' &&
              /nobody decided/.test(event.reason ?? ''),
          },
        },
      };
    }
    case 'observation':
      return state.held[event.call_id]
        ? { ...next, held: without(state.held, event.call_id) }
        : next;
    case 'follow_up_asked':
      return {
        ...next,
        status: 'pending',
        exchanges: [...state.exchanges, { question: event.message }],
      };
    case 'finished':
      return {
        ...next,
        status: 'succeeded',
        thinking: null,
        held: {},
        end: { type: 'finished', turns: event.turns },
        exchanges: lastExchange(state.exchanges, { answer: event.result }),
      };
    case 'failed': {
      const cancelled = event.kind === 'CANCELLED';
      return {
        ...next,
        status: cancelled ? 'cancelled' : 'failed',
        thinking: null,
        held: {},
        end: { type: 'failed', kind: event.kind, reason: event.reason, turns: event.turns },
        exchanges: lastExchange(state.exchanges, { failure: event.reason }),
      };
    }
    default:
      return next;
  }
}
