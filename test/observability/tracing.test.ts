import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT, SpanKind, trace, type Context, type Link, type Span, type SpanContext, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { createTracing, formatTraceparent, parseTraceparent } from '../../src/observability/tracing.ts';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

test('a W3C traceparent is parsed and formatted back', () => {
  const sc = parseTraceparent(PARENT, 'vendor=abc');
  assert.ok(sc);
  assert.equal(sc.traceId, '0af7651916cd43dd8448eb211c80319c');
  assert.equal(sc.spanId, 'b7ad6b7169203331');
  assert.equal(sc.traceFlags, 1);
  assert.equal(sc.isRemote, true);
  assert.equal(sc.traceState?.serialize(), 'vendor=abc');
  assert.equal(formatTraceparent(sc), PARENT);
  // a future version may carry more fields
  assert.ok(parseTraceparent('01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00-extra'));
});

for (const bad of [undefined, '', 'garbage', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331', 'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  '00-00000000000000000000000000000000-b7ad6b7169203331-01', '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01', '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01',
  '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra', 42]) {
  test(`robustness: traceparent ${JSON.stringify(bad)} is ignored`, () => {
    assert.equal(parseTraceparent(bad), undefined);
  });
}

test('without an SDK the request trace still travels: the header names the caller span', () => {
  const tracing = createTracing(trace.getTracer('test'));
  const produce = tracing.startProduce(PARENT, 'vendor=abc', 'tally.events', 3);
  assert.deepEqual(produce.headers, { traceparent: PARENT, tracestate: 'vendor=abc' });
  produce.end();
  assert.deepEqual(tracing.startProduce(undefined, undefined, 'tally.events', 1).headers, {});
  assert.deepEqual(tracing.startProduce('garbage', undefined, 'tally.events', 1).headers, {});
});

interface Recorded {
  name: string;
  kind: SpanKind | undefined;
  parent: SpanContext | undefined;
  links: Link[];
  context: SpanContext;
  ended: boolean;
  status?: { code: number; message?: string };
}

/** a minimal recording tracer, standing in for an SDK */
function recordingTracer(spans: Recorded[]): Tracer {
  let n = 0;
  const startSpan = (name: string, options: SpanOptions = {}, ctx: Context = ROOT_CONTEXT): Span => {
    const parent = trace.getSpanContext(ctx);
    n++;
    const context: SpanContext = { traceId: parent?.traceId ?? 'f'.repeat(31) + String(n % 10), spanId: n.toString(16).padStart(16, '0'), traceFlags: 1 };
    const rec: Recorded = { name, kind: options.kind, parent, links: options.links ?? [], context, ended: false };
    spans.push(rec);
    const span = trace.wrapSpanContext(context);
    return Object.assign(Object.create(span) as Span, {
      spanContext: () => context,
      setStatus: (s: { code: number; message?: string }) => {
        rec.status = s;
        return span;
      },
      end: () => void (rec.ended = true),
    });
  };
  return { startSpan, startActiveSpan: (() => { throw new Error('unused'); }) as Tracer['startActiveSpan'] };
}

test('with a tracer: the produce span is a child of the request, and the consume span links to it', () => {
  const spans: Recorded[] = [];
  const tracing = createTracing(recordingTracer(spans));
  const produce = tracing.startProduce(PARENT, undefined, 'tally.events', 2);
  produce.end();
  const [p] = spans;
  assert.equal(p.kind, SpanKind.PRODUCER);
  assert.equal(p.parent?.spanId, 'b7ad6b7169203331');
  assert.equal(p.parent?.traceId, '0af7651916cd43dd8448eb211c80319c');
  // the header carries the produce span, in the request's trace
  const header = produce.headers.traceparent;
  assert.equal(header, formatTraceparent(p.context));
  assert.equal(p.context.traceId, '0af7651916cd43dd8448eb211c80319c');
  assert.ok(p.ended);

  // the worker reads the header back from two messages of the same request and one unrelated
  const other = '00-11111111111111111111111111111111-2222222222222222-01';
  const consume = tracing.startConsume('tally.events', [header, header, other, 'garbage'], 4);
  consume.end(new Error('store down'));
  const c = spans[1];
  assert.equal(c.kind, SpanKind.CONSUMER);
  assert.equal(c.parent, undefined, 'a batch span is a root: it has many producers');
  assert.deepEqual(c.links.map((l) => formatTraceparent(l.context)), [header, other]);
  assert.equal(c.status?.code, 2);
  assert.ok(c.ended);
});
