package io.obd4j.daemon.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small HTTP/1.1 server on Netty (TCP, or a unix socket through epoll) that hands each complete request to a
 * {@link Router} on a blocking executor, so image-service calls never run on the event loop. Bodies of ordinary routes
 * are collected up to 1 MiB; a streaming route ({@link Router#stream}) gets its body as an {@link HttpBodyStream}
 * while it arrives, on a thread of its own, with no size limit. Streamed replies are sent in 64 KiB chunks, each
 * waited for, so neither direction holds a large body in memory.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final int MAX_BODY = 1 << 20;

    private final String name;
    private final Router router;
    private final EventLoopGroup group;
    private final ExecutorService workers;
    private final ExecutorService streamWorkers;
    private Channel channel;

    private HttpServer(String name, Router router, EventLoopGroup group) {
        this.name = name;
        this.router = router;
        this.group = group;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "obd4j-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.streamWorkers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "obd4j-" + name + "-stream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Listens on {@code host:port} (port 0: a free port, see {@link #localAddress()}). */
    public static HttpServer tcp(String name, Router router, String host, int port) throws IOException {
        HttpServer s = new HttpServer(name, router, new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()));
        s.bind(NioServerSocketChannel.class, new InetSocketAddress(host, port));
        return s;
    }

    /** Listens on a unix stream socket at {@code path} (a stale socket file is replaced). Needs epoll. */
    public static HttpServer unix(String name, Router router, Path path) throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("unix socket " + path + " needs Netty's epoll transport: "
                    + Epoll.unavailabilityCause());
        }
        Files.deleteIfExists(path);
        HttpServer s = new HttpServer(name, router, new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory()));
        s.bind(EpollServerDomainSocketChannel.class, new DomainSocketAddress(path.toFile()));
        return s;
    }

    private void bind(Class<? extends ServerChannel> type, SocketAddress address) throws IOException {
        try {
            channel = new ServerBootstrap().group(group).channel(type)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new StreamingHandler(),
                                    new HttpObjectAggregator(MAX_BODY),
                                    new RequestHandler());
                        }
                    }).bind(address).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException(name + ": interrupted while binding " + address, e);
        } catch (RuntimeException e) {
            close();
            throw new IOException(name + ": cannot listen on " + address + ": " + e.getMessage(), e);
        }
        LOG.info("{} listening on {}", name, channel.localAddress());
    }

    public SocketAddress localAddress() {
        return channel.localAddress();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        workers.shutdown();
        streamWorkers.shutdownNow();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            HttpCall call = HttpCall.of(req.method().name(), req.uri(), ByteBufUtil.getBytes(req.content()));
            if (!req.decoderResult().isSuccess()) {
                respond(ctx, Json.error(400, "malformed request"), false);
                return;
            }
            try {
                workers.execute(() -> respond(ctx, router.dispatch(call), keepAlive));
            } catch (RejectedExecutionException e) {
                respond(ctx, Json.error(503, name + " is shutting down"), false);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("{}: connection error: {}", name, cause.toString());
            ctx.close();
        }
    }

    private void respond(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive) {
        if (reply.stream() != null) {
            respondStreamed(ctx, reply, keepAlive);
            return;
        }
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        if (reply.allow() != null) {
            resp.headers().set(HttpHeaderNames.ALLOW, reply.allow());
        }
        if (keepAlive) {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(resp);
        } else {
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Runs on a worker: headers, then the body chunk by chunk, each flushed and waited for; errors cut the line. */
    private void respondStreamed(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive) {
        HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, reply.stream().length());
        resp.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE
                : HttpHeaderValues.CLOSE);
        ctx.write(resp);
        try (OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (!ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(b, off, len)))
                        .awaitUninterruptibly().isSuccess()) {
                    throw new IOException("the client went away");
                }
            }
        }) {
            reply.stream().writeTo(out);
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(keepAlive
                    ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: streamed reply cut short: {}", name, e.toString());
            ctx.close();
        }
    }

    /**
     * Takes requests for streaming routes off the pipeline before the aggregator: the route runs on a stream worker
     * and reads the body from an {@link HttpBodyStream} fed here. Everything else passes through.
     */
    private final class StreamingHandler extends ChannelInboundHandlerAdapter {
        private HttpBodyStream body;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest req && body == null) {
                Function<Router.StreamedBody, HttpReply> route = req.decoderResult().isSuccess()
                        ? router.streamRoute(HttpCall.of(req.method().name(), req.uri(), new byte[0])) : null;
                if (route != null) {
                    start(ctx, req, route);
                    if (!(msg instanceof HttpContent)) {
                        return;
                    }
                } else {
                    ctx.fireChannelRead(msg);
                    return;
                }
            }
            if (body != null && msg instanceof HttpContent c) {
                try {
                    if (c.content().isReadable()) {
                        body.offer(c.content());
                    }
                    if (c instanceof LastHttpContent) {
                        body.end();
                        body = null;
                    }
                } finally {
                    c.release();
                }
                return;
            }
            ctx.fireChannelRead(msg);
        }

        private void start(ChannelHandlerContext ctx, HttpRequest req, Function<Router.StreamedBody, HttpReply> route) {
            if (HttpUtil.is100ContinueExpected(req)) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
            }
            HttpBodyStream stream = new HttpBodyStream(ctx.channel());
            body = stream;
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            Router.StreamedBody streamed = new Router.StreamedBody(stream, HttpUtil.getContentLength(req, -1L),
                    req.headers().get(HttpHeaderNames.CONTENT_TYPE, ""));
            try {
                streamWorkers.execute(() -> {
                    HttpReply reply = route.apply(streamed);
                    boolean whole = stream.ended();
                    stream.close();
                    respond(ctx, reply, keepAlive && whole);
                });
            } catch (RejectedExecutionException e) {
                body = null;
                respond(ctx, Json.error(503, name + " is shutting down"), false);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (body != null) {
                body.abort();
                body = null;
            }
            ctx.fireChannelInactive();
        }
    }
}
