// The replication connection. pg-logical-replication attaches its client's 'error' listener only
// once the connection is made, in a later tick; an error read in the same chunk as the server's
// ready message (a session ended by pg_terminate_backend, a fast shutdown or DROP DATABASE … WITH
// (FORCE) just as it started) had no listener and ended the process as an uncaught exception. Here
// the listener is there from the client's creation, and an error after the service was destroyed
// (no listener left on it) is dropped: nobody is waiting for that connection any more.

import { LogicalReplicationService } from 'pg-logical-replication';
import pg from 'pg';

/** the library's connection fields this replaces (private in its types; pg-logical-replication 2.5) */
interface ServiceInternals {
  client(): Promise<[pg.Client, unknown]>;
  _client: pg.Client | null;
  _connection: unknown;
}

export function createReplicationService(clientConfig: pg.ClientConfig, config: ConstructorParameters<typeof LogicalReplicationService>[1]): LogicalReplicationService {
  const service = new LogicalReplicationService(clientConfig, config);
  const internals = service as unknown as ServiceInternals;
  internals.client = async () => {
    await service.stop();
    const client = new pg.Client({ ...clientConfig, replication: 'database' } as pg.ClientConfig);
    client.on('error', (err: Error) => {
      if (service.listenerCount('error') > 0) service.emit('error', err);
    });
    internals._client = client;
    await client.connect();
    internals._connection = (client as unknown as { connection: unknown }).connection;
    return [client, internals._connection];
  };
  return service;
}
