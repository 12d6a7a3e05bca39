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
import io.netty.handler.codec.http.DefaultFullHttpResponse;
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
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on Netty (TCP, or a unix socket through epoll) that hands each complete request to a
 * {@link Router} on a blocking executor, so image-service calls never run on the event loop.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final int MAX_BODY = 1 << 20;

    private final String name;
    private final Router router;
    private final EventLoopGroup group;
    private final ExecutorService workers;
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
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY),
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

        private void respond(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive) {
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
    }
}
