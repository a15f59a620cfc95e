#ifndef LOOSELYCOUPLED_CPOSIX_H
#define LOOSELYCOUPLED_CPOSIX_H

// The Linux calls that Swift's Glibc module does not import: glibc declares them only under
// _GNU_SOURCE, which that module is built without. lc_posix.c compiles them with it; this header
// includes nothing but <stdint.h>, so no libc type is defined twice for Swift. Each function
// only translates the call and returns -1 with errno set on failure; policy (errors, retries,
// lifetimes) stays in Swift.

#include <stdint.h>

/// ppoll(2) on `count` `struct pollfd`s, with a relative timeout in nanoseconds, or none when
/// negative: poll(2)'s milliseconds are too coarse for a 5 ms blink rhythm.
int lc_ppoll(void *fds, unsigned long count, int64_t timeout_ns);

/// An eventfd(2) counter, non-blocking and close-on-exec from the start.
int lc_eventfd(void);

/// Sets the calling thread's timer slack (prctl PR_SET_TIMERSLACK) to `nanoseconds`: Linux lets a
/// timeout run late by up to this (50 µs by default), which would show in every blink toggle.
int lc_set_timer_slack(unsigned long nanoseconds);

/// The process and user at the other end of a connected Unix socket (getsockopt SO_PEERCRED,
/// whose `struct ucred` glibc declares only under _GNU_SOURCE). Returns 0, or -1 with errno.
int lc_peer_credentials(int socket, int32_t *pid, uint32_t *uid, uint32_t *gid);

/// pipe2(2) with both ends non-blocking and close-on-exec from the start, so a child spawned
/// meanwhile cannot inherit them.
int lc_pipe_cloexec_nonblock(int descriptors[2]);

#endif
