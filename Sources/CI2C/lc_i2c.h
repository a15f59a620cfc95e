#ifndef LOOSELYCOUPLED_CI2C_LC_I2C_H
#define LOOSELYCOUPLED_CI2C_LC_I2C_H

// The i2c-dev ioctls Swift cannot call itself: ioctl(2) is variadic. Each returns what ioctl
// returns (-1 with errno set on failure); what to do about a failure is decided in Swift.

#include <sys/ioctl.h>
#include <linux/i2c.h>
#include <linux/i2c-dev.h>

/// I2C_FUNCS: the adapter's functionality bits (I2C_FUNC_*).
static inline int lc_i2c_funcs(int fd, unsigned long *funcs) {
    return ioctl(fd, I2C_FUNCS, funcs);
}

/// I2C_SLAVE: the address later SMBus transfers and read/write on fd go to. Fails with EBUSY
/// while a kernel driver is bound to the address (never I2C_SLAVE_FORCE: that would talk past it).
static inline int lc_i2c_set_address(int fd, unsigned long address) {
    return ioctl(fd, I2C_SLAVE, address);
}

/// I2C_RDWR: the messages as one combined transfer (repeated starts between them, one stop).
static inline int lc_i2c_rdwr(int fd, struct i2c_msg *messages, unsigned int count) {
    struct i2c_rdwr_ioctl_data data = { .msgs = messages, .nmsgs = count };
    return ioctl(fd, I2C_RDWR, &data);
}

#endif
