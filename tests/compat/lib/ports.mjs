// A free TCP port on 127.0.0.1, for a server that must know its URL before it starts (an OpenID provider's
// redirect URIs name banterd's callback, so banterd's port is chosen first).
import net from 'node:net';

export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
