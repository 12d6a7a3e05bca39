/**
 * The iSCSI target bootstrap: {@link io.obd4j.iscsi.IscsiTarget} binds a portal on Netty (epoll when available,
 * NIO otherwise) and builds each connection's pipeline (decoder, encoder, login, then session). Knows every iscsi
 * sub-package; nothing below knows it.
 */
package io.obd4j.iscsi;
