/**
 * `/`: the built designer (`designer/dist`, a single-page app) when it exists; otherwise a
 * small Chinese page pointing to the API documentation.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type Request, type Response } from 'express';

const PLACEHOLDER = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>通办 Tongban</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.6">
<h1>通办 Tongban</h1>
<p>服务器已启动。设计器尚未构建（<code>designer/dist</code> 不存在）。</p>
<ul>
<li><a href="/api/docs">接口文档（OpenAPI）</a></li>
<li><a href="/api/openapi.json">OpenAPI 描述文件</a></li>
<li><a href="/healthz">健康检查</a></li>
</ul>
</body>
</html>
`;

export function serveHome(app: Express, designerDir: string): void {
  const index = join(designerDir, 'index.html');
  if (existsSync(index)) {
    app.use(express.static(designerDir, { index: 'index.html', maxAge: '1h' }));
    // Client-side routes of the single-page app: any other GET outside /api gets index.html.
    app.get(/^\/(?!api\/|api$|metrics$|healthz$|readyz$).*/, (_req: Request, res: Response) => res.sendFile(index));
    return;
  }
  app.get('/', (_req: Request, res: Response) => {
    res.type('html').send(PLACEHOLDER);
  });
}
