// Code generation as llc-19 and clang-19 do it, behind a C interface.
#include "CLLVM.h"

#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/Bitcode/BitcodeWriter.h>
#include <llvm/IR/PassManager.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Transforms/IPO/ExtractGV.h>
#include <llvm/Transforms/IPO/GlobalDCE.h>
#include <llvm/Transforms/IPO/StripDeadPrototypes.h>
#include <llvm/Transforms/IPO/StripSymbols.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/CodeGen.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/TargetParser/Triple.h>

#include <cstring>
#include <optional>
#include <string>

using namespace llvm;

static char *copyMessage(const std::string &text) { return strdup(text.c_str()); }

extern "C" LLVMTargetMachineRef passlab_create_target_machine(const char *triple, const char *cpu, const char *features,
                                                              int opt_level, int reloc, char **error) {
    std::string message;
    const Target *target = TargetRegistry::lookupTarget(triple, message);
    if (!target) {
        *error = copyMessage(message);
        return nullptr;
    }
    Triple theTriple(triple);
    TargetOptions options;
    // The defaults of llc's codegen flags (CommandFlags.cpp) that differ from
    // a bare TargetOptions.
    options.UseInitArray = true;
    options.EmulatedTLS = theTriple.hasDefaultEmulatedTLS();
    options.EnableTLSDESC = theTriple.hasDefaultTLSDESC();
    options.DataSections = theTriple.hasDefaultDataSections();
    std::optional<Reloc::Model> model;
    if (reloc == 1) model = Reloc::Static;
    if (reloc == 2) model = Reloc::PIC_;
    CodeGenOptLevel level = opt_level <= 0 ? CodeGenOptLevel::None
                          : opt_level == 1 ? CodeGenOptLevel::Less
                          : opt_level == 2 ? CodeGenOptLevel::Default : CodeGenOptLevel::Aggressive;
    TargetMachine *machine = target->createTargetMachine(triple, cpu, features, options, model, std::nullopt, level);
    if (!machine) {
        *error = copyMessage("LLVM could not create a target machine");
        return nullptr;
    }
    return reinterpret_cast<LLVMTargetMachineRef>(machine);
}

extern "C" int passlab_emit(LLVMTargetMachineRef machineRef, LLVMModuleRef moduleRef, int assembly,
                            LLVMMemoryBufferRef *out, char **error) {
    TargetMachine *machine = reinterpret_cast<TargetMachine *>(machineRef);
    Module *module = unwrap(moduleRef);
    module->setDataLayout(machine->createDataLayout());
    SmallVector<char, 0> buffer;
    raw_svector_ostream stream(buffer);
    legacy::PassManager passes;
    TargetLibraryInfoImpl libraryInfo(Triple(module->getTargetTriple()));
    passes.add(new TargetLibraryInfoWrapperPass(libraryInfo));
    if (machine->addPassesToEmitFile(passes, stream, nullptr,
                                     assembly ? CodeGenFileType::AssemblyFile : CodeGenFileType::ObjectFile)) {
        *error = copyMessage("the target cannot emit this file type");
        return 1;
    }
    passes.run(*module);
    *out = LLVMCreateMemoryBufferWithMemoryRangeCopy(buffer.data(), buffer.size(), "object");
    return 0;
}

extern "C" LLVMMemoryBufferRef passlab_write_bitcode(LLVMModuleRef moduleRef) {
    SmallVector<char, 0> buffer;
    raw_svector_ostream stream(buffer);
    WriteBitcodeToFile(*unwrap(moduleRef), stream, /*ShouldPreserveUseListOrder=*/true);
    return LLVMCreateMemoryBufferWithMemoryRangeCopy(buffer.data(), buffer.size(), "bitcode");
}

extern "C" char *passlab_print_module(LLVMModuleRef moduleRef) {
    std::string text;
    raw_string_ostream stream(text);
    unwrap(moduleRef)->print(stream, nullptr, /*ShouldPreserveUseListOrder=*/true);
    stream.flush();
    return copyMessage(text);
}

extern "C" int passlab_extract_function(LLVMModuleRef moduleRef, const char *name, char **error) {
    return passlab_extract_functions(moduleRef, &name, 1, error);
}

extern "C" int passlab_extract_functions(LLVMModuleRef moduleRef, const char *const *names, size_t count, char **error) {
    Module *module = unwrap(moduleRef);
    std::vector<GlobalValue *> keep;
    for (size_t index = 0; index < count; ++index) {
        Function *function = module->getFunction(names[index]);
        if (!function || function->isDeclaration()) {
            // The name alone: the caller words the error.
            *error = copyMessage(names[index]);
            return 1;
        }
        keep.push_back(function);
    }
    // As llvm-extract: ExtractGV, then GlobalDCE, StripDeadDebugInfo, StripDeadPrototypes.
    PassBuilder builder;
    LoopAnalysisManager loops;
    FunctionAnalysisManager functions;
    CGSCCAnalysisManager sccs;
    ModuleAnalysisManager modules;
    builder.registerModuleAnalyses(modules);
    builder.registerCGSCCAnalyses(sccs);
    builder.registerFunctionAnalyses(functions);
    builder.registerLoopAnalyses(loops);
    builder.crossRegisterProxies(loops, functions, sccs, modules);
    ModulePassManager passes;
    passes.addPass(ExtractGVPass(keep, /*deleteFn=*/false, /*keepConstInit=*/false));
    passes.addPass(GlobalDCEPass());
    passes.addPass(StripDeadDebugInfoPass());
    passes.addPass(StripDeadPrototypesPass());
    passes.run(*module, modules);
    return 0;
}
