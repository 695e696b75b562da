// Umbrella header for LLVM 19's C API, as PassLab uses it.
#ifndef PASSLAB_CLLVM_H
#define PASSLAB_CLLVM_H

#ifdef __cplusplus
extern "C" {
#endif

#include <llvm-c/Core.h>
#include <llvm-c/BitReader.h>
#include <llvm-c/BitWriter.h>
#include <llvm-c/IRReader.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Analysis.h>
#include <llvm-c/Support.h>
#include <llvm-c/Error.h>
#include <llvm-c/ErrorHandling.h>
#include <llvm-c/Transforms/PassBuilder.h>

/// Registers every target, MC layer, assembly printer and parser that this
/// libLLVM was built with. The LLVMInitializeAll* helpers are static inline
/// in the headers; this wraps them once, from C.
void passlab_initialize_all_targets(void);

/// The LLVM version this binary was linked against, as "19.1.7".
const char *passlab_llvm_version(void);

/// Creates a target machine with the TargetOptions llc-19 and clang-19 use
/// (not the C API's bare defaults: e.g. .init_array for constructors).
/// opt_level 0-3; reloc 0 default, 1 static, 2 PIC. NULL and *error on failure.
LLVMTargetMachineRef passlab_create_target_machine(const char *triple, const char *cpu, const char *features,
                                                   int opt_level, int reloc, char **error);

/// Emits an object (assembly = 0) or assembly (1) to memory the way llc-19
/// and clang-19 do. Unlike LLVMTargetMachineEmitToMemoryBuffer this gives
/// code generation the TargetLibraryInfo of the module's triple: without it
/// x86 FastISel lowers library calls differently and -O0 objects differ.
/// Returns 0 on success; otherwise 1 and *error (free with LLVMDisposeMessage).
int passlab_emit(LLVMTargetMachineRef machine, LLVMModuleRef module, int assembly,
                 LLVMMemoryBufferRef *out, char **error);

/// Bitcode that preserves use-list order (as opt-19 writes it), so that
/// reading it back gives passes the same user order as the original.
LLVMMemoryBufferRef passlab_write_bitcode(LLVMModuleRef module);

/// Textual IR with `uselistorder` directives (as `opt -S
/// --preserve-ll-uselistorder`), so that parsing it back gives passes and
/// codegen the same user order. Free with LLVMDisposeMessage.
char *passlab_print_module(LLVMModuleRef module);

/// llvm-extract's behaviour for one function: keeps `name` (made external if
/// it was local), turns every other function into a declaration, then runs
/// globaldce and strip-dead-prototypes. Returns 0, or 1 with *error set to
/// the name that has no definition.
int passlab_extract_function(LLVMModuleRef module, const char *name, char **error);
/* The same for several functions at once (llvm-extract --func A --func B). */
int passlab_extract_functions(LLVMModuleRef module, const char *const *names, size_t count, char **error);

/// Per-function pass lists: replaces the body of function `name` in
/// `destination` with its body in `source`, two copies of one module in one
/// context, each optimized by its own list. Refused (1 and *error, nothing
/// changed) unless every global the new body uses exists in `destination`
/// as the same kind of thing (same type, calling convention, constness;
/// a local function whose returns were not replaced by undef); external
/// declarations and data-only local constants the destination lacks are
/// added. Keeps the destination's linkage and comdat. Returns 0 on success.
int passlab_transplant_function(LLVMModuleRef destination, LLVMModuleRef source, const char *name, char **error);

#ifdef __cplusplus
}
#endif

#endif
