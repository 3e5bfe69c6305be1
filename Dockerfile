# eTMS container image: the central on the embedded database (a volume on /app/data), or on a
# PostgreSQL server with DATABASE_URL. It holds no demo data and seeds none (NODE_ENV=production).
# Build:  docker build -t etms .
# Run:    docker run -p 3000:3000 -v etms-data:/app/data etms
#         -e DATABASE_URL=postgres://user:pass@host:5432/etms for a PostgreSQL server
#         -e ETMS_METRICS__ACCESS=token -e ETMS_METRICS__TOKEN=... to scrape /metrics from outside
# The process is PID 1 and handles SIGTERM itself: `docker stop` lets the work in flight finish.

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the project's own (the build) runs below, once its sources are here.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY adapters ./adapters
RUN npm run build

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY config/default.json ./config/default.json
COPY config/examples ./config/examples
COPY wsdl ./wsdl
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
EXPOSE 3000
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "bin/etms.js", "start"]
