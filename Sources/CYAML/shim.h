#ifndef LOOSELYCOUPLED_CYAML_SHIM_H
#define LOOSELYCOUPLED_CYAML_SHIM_H

#include <yaml.h>

#endif
