# syntax=docker/dockerfile:1
# grade in a container, for the Kubernetes Indexed Job in README.md ("Grading a class"):
#
#   docker build -t your-registry/grade:latest .
#   docker run --rm your-registry/grade:latest --url https://my-app.example
#
# The first stage builds the release binary; the second holds only that binary and a shell (the
# Job runs `sh -c`), and runs it as an unprivileged user. grade carries its own TLS roots, so
# the image needs no CA bundle.

FROM rust:1.89-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --locked --release --bin grade \
    && cp target/release/grade /usr/local/bin/grade

FROM debian:bookworm-slim
RUN useradd --uid 10001 --user-group --create-home --home-dir /home/grade --shell /usr/sbin/nologin grade
COPY --from=build /usr/local/bin/grade /usr/local/bin/grade
USER 10001:10001
WORKDIR /home/grade
ENTRYPOINT ["grade"]
CMD ["--help"]
