package io.obd4j.iscsi;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.obd4j.iscsi.login.ChapConfig;
import io.obd4j.iscsi.login.TargetDefinition;
import io.obd4j.iscsi.login.TargetDirectory;
import io.obd4j.iscsi.session.Session;
import io.obd4j.iscsi.session.SessionRegistry;
import io.obd4j.iscsi.task.ScsiTaskHandler;
import io.obd4j.iscsi.task.TaskExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An iSCSI target portal (RFC 7143) on Netty: {@link #start} binds and serves the configured targets until
 * {@link #stop}. Connections are handled on event loops (epoll when available, else NIO) that never block; SCSI
 * commands run on a bounded worker pool.
 */
public final class IscsiTarget implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IscsiTarget.class);
    private static final long STOP_WAIT_MILLIS = 10_000;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final TaskExecutor executor;
    private final SessionRegistry registry;
    private final TargetDirectory directory;
    private final Channel server;

    private IscsiTarget(EventLoopGroup boss, EventLoopGroup workers, TaskExecutor executor, SessionRegistry registry,
                        TargetDirectory directory, Channel server) {
        this.boss = boss;
        this.workers = workers;
        this.executor = executor;
        this.registry = registry;
        this.directory = directory;
        this.server = server;
    }

    /**
     * Serves {@code targets} on {@code bind}:{@code port} (0 = ephemeral) with the default limits; {@code chap}
     * (null = none) applies to discovery sessions and to every target that has no CHAP of its own.
     */
    public static IscsiTarget start(InetAddress bind, int port, List<TargetDefinition> targets, ChapConfig chap)
            throws InterruptedException {
        List<TargetDefinition> withChap = new ArrayList<>();
        for (TargetDefinition t : targets) {
            withChap.add(t.chap() == null && chap != null ? t.withChap(chap) : t);
        }
        return start(IscsiTargetConfig.of(new InetSocketAddress(bind, port), withChap, chap));
    }

    /**
     * The largest transfer one command may ask of this target, in blocks of {@code blockSize}: what devices served
     * here should advertise as MAXIMUM TRANSFER LENGTH ({@code ScsiDevice.Builder.maxTransferLength}).
     */
    public static long maxTransferBlocks(int blockSize) {
        return ScsiTaskHandler.MAX_TRANSFER / blockSize;
    }

    /** Binds {@code config.bind()} and starts serving; throws if the address cannot be bound. */
    public static IscsiTarget start(IscsiTargetConfig config) throws InterruptedException {
        NettyDefaults.apply();
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1,
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0,
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        TaskExecutor executor = new TaskExecutor(config.workerThreads(), config.workerQueue());
        SessionRegistry registry = new SessionRegistry();
        TargetDirectory directory = new TargetDirectory(config.targets(), config.discoveryChap(), config.limits());
        try {
            Channel server = new ServerBootstrap()
                .group(boss, workers)
                .channel(channel)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                // the initiator's queue depth bounds the data-in in flight; a 16 MiB mark throttled 1 MiB QD32 reads
                // to half of tgt's rate (docs/benchmarks.md), so only a truly stalled reader stops the reads
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 << 20, 64 << 20))
                .childHandler(new IscsiChannelInitializer(directory, registry, executor, config.nopIntervalMillis()))
                .bind(config.bind()).sync().channel();
            LOG.info("iSCSI portal {} ({}) serving {}", server.localAddress(), epoll ? "epoll" : "nio",
                directory.all().stream().map(t -> t.iqn() + " luns " + t.luns().keySet()).toList());
            return new IscsiTarget(boss, workers, executor, registry, directory, server);
        } catch (InterruptedException | RuntimeException e) {
            executor.close();
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    public int port() {
        return localAddress().getPort();
    }

    /** Starts serving {@code target} on this portal (a daemon exporting a device it just opened). */
    public void addTarget(TargetDefinition target) {
        directory.add(target);
        LOG.info("iSCSI target {} added, luns {}", target.iqn(), target.luns().keySet());
    }

    /**
     * Stops serving {@code iqn}: new logins to it fail and its sessions are closed (commands already running finish
     * on the workers, their results are dropped). Returns false if no such target was served.
     */
    public boolean removeTarget(String iqn) {
        if (directory.remove(iqn) == null) {
            return false;
        }
        int closed = 0;
        for (Session s : registry.all()) {
            if (iqn.equals(s.targetName())) {
                s.closeFromElsewhere();
                closed++;
            }
        }
        LOG.info("iSCSI target {} removed, {} sessions closed", iqn, closed);
        return true;
    }

    /** Live sessions (normal and discovery). */
    public int sessionCount() {
        return registry.size();
    }

    /**
     * Graceful stop: no new connections, every session closed (running commands finish on the workers, their
     * results are dropped), then the worker pool and event loops shut down.
     */
    public void stop() {
        server.close().syncUninterruptibly();
        for (Session s : registry.all()) {
            s.closeFromElsewhere();
        }
        try {
            if (!executor.shutdown(STOP_WAIT_MILLIS)) {
                LOG.warn("SCSI workers still busy after {} ms, interrupting", STOP_WAIT_MILLIS);
                executor.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.close();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        LOG.info("iSCSI portal {} stopped", server.localAddress());
    }

    @Override
    public void close() {
        stop();
    }
}
