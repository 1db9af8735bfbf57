// One short-lived PostgreSQL connection for a piece of work (setup checks, lag measurement, slot
// administration): opened, used, and always closed; a connection error after use is not fatal.

import pg from 'pg';

export async function withPgClient<T>(url: string, use: (client: pg.Client) => Promise<T>, options: { readonly connectionTimeoutMillis?: number } = {}): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: options.connectionTimeoutMillis });
  client.on('error', () => {});
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => {});
  }
}
