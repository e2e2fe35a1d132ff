# The `stampede` CLI as an image, for distributed runs on Kubernetes (`stampede k8s`; the steps
# are in docs/DISTRIBUTED.md):
#   docker build -t stampede:latest .
#   docker run --rm -v "$PWD:/work" stampede:latest validate /work/checkout.scenario.yaml
# Node 20 slim and the CLI's bundles: esbuild puts every dependency into dist/, so the image has
# no node_modules at all (no dev dependency, nothing of VS Code).

# The build: dev dependencies (esbuild, the schema compiler, Chart.js's file) stay in this stage.
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: the native ones would need a compiler and the CLI's bundles use none of
# them; the build runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN node scripts/build.mjs --production

# The image: the bundles the CLI loads, the report's assets, and the gallery `stampede new` lists.
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/bin/ ./bin/
COPY --from=build /src/dist/boot.js /src/dist/cli.js /src/dist/engine.js /src/dist/load-worker.js /src/dist/monitor-thread.js /src/dist/systeminformation.js /src/dist/server.js /src/dist/report-view.js ./dist/
COPY --from=build /src/dist/vendor/ ./dist/vendor/
COPY --from=build /src/samples/gallery/ ./samples/gallery/
# `stampede` on the PATH (the Jobs' pods call it from sh), and dist/ writable by `node`, where the
# bundles keep V8's code cache.
RUN ln -s /app/bin/stampede.js /usr/local/bin/stampede && chown node:node /app/dist
# uid 1000: the pods of `stampede k8s` run as it (runAsNonRoot, fsGroup for the results volume).
USER node
WORKDIR /home/node
ENTRYPOINT ["stampede"]
CMD ["--help"]
