# eTMS container image: central+agent on the embedded database by default.
# Build:  docker build -t etms .
# Run:    docker run -p 3000:3000 -v etms-data:/app/data etms
# For a PostgreSQL server: -e DATABASE_URL=postgres://user:pass@host:5432/etms

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
RUN npm run build && cp -r src/store/migrations dist/src/store/migrations && cp -r src/admin/assets dist/src/admin/assets

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY config ./config
COPY wsdl ./wsdl
COPY fixtures/demo ./fixtures/demo
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "start"]
