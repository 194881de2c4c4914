export default function Home() {
  return (
    <main>
      <h1>Portcullis Next.js example</h1>
      <p>
        Auth API under <code>/api/auth</code>; protected route <code>GET /api/user</code>.
      </p>
    </main>
  );
}
