import {
  type Attributes,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/**
 * OpenTelemetry traces: one span per conversation turn, per agent (graph node) and per model call.
 * Attributes name sessions, phases, agents and outcomes, never what the child said. Without an
 * exporter configured the API is a no-op, so spans cost next to nothing.
 */
export const tracer = trace.getTracer('the-game-maker');

/** Runs `work` in an active span (children nest under it); errors mark the span and propagate. */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (e) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.name : 'error' });
      throw e;
    } finally {
      span.end();
    }
  });
}

/**
 * The active span's W3C trace context (`traceparent`, `tracestate`) as plain strings, for work
 * handed to another process (a generation job): ids and flags only, never anything a child said.
 * Empty when tracing is off or no span is active.
 */
export function traceCarrier(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/**
 * Runs `work` in a span that continues the trace `carrier` names (from traceCarrier in another
 * process), so a job's spans sit under the request that queued it. Only the W3C fields are read.
 */
export function inLinkedSpan<T>(
  carrier: Record<string, string> | undefined,
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const fields: Record<string, string> = {};
  for (const key of ['traceparent', 'tracestate']) {
    const value = carrier?.[key];
    if (typeof value === 'string' && value.length <= 512) fields[key] = value;
  }
  const parent = propagation.extract(ROOT_CONTEXT, fields);
  return context.with(parent, () => inSpan(name, attributes, work));
}

export interface Tracing {
  enabled: boolean;
  shutdown(): Promise<void>;
}

/**
 * Starts exporting spans over OTLP/HTTP when `endpoint` is set (the exporter also reads the
 * standard OTEL_EXPORTER_OTLP_* variables for headers and paths).
 */
export function startTracing(opts: {
  endpoint: string | undefined;
  serviceName: string;
  version: string;
}): Tracing {
  if (!opts.endpoint) return { enabled: false, shutdown: async () => {} };
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName, 'service.version': opts.version }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(opts.endpoint) }))],
  });
  provider.register();
  return { enabled: true, shutdown: () => provider.shutdown() };
}

/** OTEL_EXPORTER_OTLP_ENDPOINT is the collector's base URL; traces go to /v1/traces under it. */
function tracesUrl(endpoint: string): string {
  return endpoint.endsWith('/v1/traces') ? endpoint : `${endpoint.replace(/\/$/, '')}/v1/traces`;
}
