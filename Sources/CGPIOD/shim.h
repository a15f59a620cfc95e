#ifndef LOOSELYCOUPLED_CGPIOD_SHIM_H
#define LOOSELYCOUPLED_CGPIOD_SHIM_H

#include <gpiod.h>

#endif
