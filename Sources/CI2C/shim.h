#ifndef LOOSELYCOUPLED_CI2C_SHIM_H
#define LOOSELYCOUPLED_CI2C_SHIM_H

#include <linux/i2c.h>
#include <linux/i2c-dev.h>
#include <i2c/smbus.h>

#endif
