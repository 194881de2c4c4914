/**
 * A lean HTTP/1.1 keep-alive client for the load generator: one request at a time per socket,
 * responses with Content-Length only (the core always sends it). node:http's client costs the
 * shared 2-core machine ~130 µs of CPU per request; this one about a third of that, which the
 * process under test then gets. Only 127.0.0.1 is contacted.
 */
import net from "node:net";

export interface RawAnswer {
  status: number;
  text: string;
}

interface Pending {
  resolve: (answer: RawAnswer) => void;
  reject: (error: Error) => void;
}

class RawSocket {
  private readonly socket: net.Socket;
  private buffered: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;
  private failure: Error | undefined;

  constructor(port: number, onClose: (socket: RawSocket) => void) {
    this.socket = net.connect({ host: "127.0.0.1", port, noDelay: true });
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
    const fail = (error: Error) => {
      this.failure ??= error;
      this.pending?.reject(error);
      this.pending = undefined;
      onClose(this);
    };
    this.socket.on("error", fail);
    this.socket.on("close", () => fail(new Error("connection closed by the server")));
  }

  send(head: string, body: Buffer | undefined): Promise<RawAnswer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(body === undefined ? head : Buffer.concat([Buffer.from(head, "latin1"), body]));
    });
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const headerEnd = this.buffered.indexOf("\r\n\r\n");
    if (headerEnd === -1) return;
    const head = this.buffered.toString("latin1", 0, headerEnd);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.socket.destroy(new Error(`response without Content-Length: ${head.slice(0, 200)}`));
      return;
    }
    const end = headerEnd + 4 + Number(length[1]);
    if (this.buffered.length < end) return;
    const status = Number(head.slice(9, 12));
    const text = this.buffered.toString("utf8", headerEnd + 4, end);
    this.buffered = this.buffered.subarray(end);
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve({ status, text });
  }

  close(): void {
    this.socket.destroy();
  }
}

export class RawHttpClient {
  private readonly idle: RawSocket[] = [];
  private readonly all = new Set<RawSocket>();
  private readonly host: string;

  constructor(readonly port: number) {
    this.host = `127.0.0.1:${port}`;
  }

  async request(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
  ): Promise<RawAnswer> {
    const socket = this.idle.pop() ?? this.open();
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    head += "\r\n";
    const answer = await socket.send(head, body);
    this.idle.push(socket);
    return answer;
  }

  private open(): RawSocket {
    const socket = new RawSocket(this.port, (closed) => {
      this.all.delete(closed);
      const index = this.idle.indexOf(closed);
      if (index !== -1) this.idle.splice(index, 1);
    });
    this.all.add(socket);
    return socket;
  }

  close(): void {
    for (const socket of this.all) socket.close();
    this.all.clear();
    this.idle.length = 0;
  }
}
