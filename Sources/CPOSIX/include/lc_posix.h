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

/// Takes the terminal `descriptor` exclusively (ioctl TIOCEXCL: no further open of it succeeds,
/// except by root), or gives that up again (TIOCNXCL) when `exclusive` is 0. Returns 0, or -1 with
/// errno.
int lc_terminal_set_exclusive(int descriptor, int exclusive);

/// Whether the terminal `descriptor` is in exclusive mode (ioctl TIOCGEXCL, Linux 3.8): 1 or 0, or
/// -1 with errno. The request is an `_IOR` macro, which Swift cannot import.
int lc_terminal_is_exclusive(int descriptor);

/// What `lc_signal_pipe_install`'s handler writes for each signal: the signal, and who sent it
/// (`sender_pid` and `sender_uid` are the kernel's `si_pid` and `si_uid`, meaningful when
/// `code` is SI_USER (0, kill(2)) or SI_QUEUE; a terminal's ^C comes with SI_KERNEL and no pid).
/// `signal` 0 is `lc_signal_pipe_wake`'s record.
typedef struct {
    int32_t signal;
    int32_t code;
    int32_t sender_pid;
    uint32_t sender_uid;
} lc_signal_record;

/// Installs a handler for each of `signals` (sigaction with SA_SIGINFO and SA_RESTART) that
/// writes an `lc_signal_record` to a pipe, and returns the pipe's read end (non-blocking,
/// close-on-exec). One pipe serves the process; a second call adds signals to it. Only write(2)
/// runs in the handler, which is async-signal-safe; a record that finds the pipe full (4 096
/// unread) is lost and counted in `lc_signal_pipe_lost`. Returns -1 with errno on failure.
int lc_signal_pipe_install(const int *signals, int count);

/// Writes a record with `signal` 0 to the pipe, to wake its reader; 0, or -1 with errno.
int lc_signal_pipe_wake(void);

/// How many records found the pipe full.
uint64_t lc_signal_pipe_lost(void);

#endif
