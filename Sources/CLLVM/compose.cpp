// Per-function pass lists in one module: a function's optimized body, taken
// from a copy of the module that another pass list optimized, replaces the
// body the base list made. Both copies come from one module in one context.
#include "CLLVM.h"

#include <llvm/ADT/SmallPtrSet.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/InstIterator.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Module.h>
#include <llvm/Transforms/Utils/Cloning.h>
#include <llvm/Transforms/Utils/ValueMapper.h>

#include <cstring>
#include <string>
#include <vector>

using namespace llvm;

static char *copyText(const std::string &text) { return strdup(text.c_str()); }

/// Every global value `function`'s body refers to, through constant
/// expressions and initializers of constants too (not through other globals).
static bool collectReferences(Function &function, SmallPtrSetImpl<GlobalValue *> &globals, std::string &problem) {
    std::vector<const Constant *> pending;
    SmallPtrSet<const Constant *, 32> seen;
    auto visitOperand = [&](Value *operand) {
        if (auto *global = dyn_cast<GlobalValue>(operand)) {
            globals.insert(global);
        } else if (auto *constant = dyn_cast<Constant>(operand)) {
            if (seen.insert(constant).second) pending.push_back(constant);
        }
    };
    for (Instruction &instruction : instructions(function)) {
        for (Value *operand : instruction.operands()) visitOperand(operand);
    }
    if (function.hasPersonalityFn()) visitOperand(function.getPersonalityFn());
    while (!pending.empty()) {
        const Constant *constant = pending.back();
        pending.pop_back();
        if (isa<BlockAddress>(constant) || isa<DSOLocalEquivalent>(constant) || isa<NoCFIValue>(constant)) {
            problem = "it takes the address of a block or uses a dso_local_equivalent";
            return false;
        }
        for (const Use &use : constant->operands()) visitOperand(use.get());
    }
    return true;
}

/// True when a local function of the base module returns undef or poison
/// somewhere: interprocedural constant propagation "zaps" the returns of an
/// internal function whose callers (in that module) ignore them, which
/// would give a transplanted caller that uses the value garbage.
static bool returnsUndefined(Function &function) {
    for (Instruction &instruction : instructions(function)) {
        if (auto *ret = dyn_cast<ReturnInst>(&instruction)) {
            if (Value *value = ret->getReturnValue(); value && isa<UndefValue>(value)) return true;
        }
    }
    return false;
}

/// A constant of `source` that only holds data (no global addresses).
static bool isPlainData(GlobalVariable &variable) {
    if (!variable.hasLocalLinkage() || !variable.isConstant() || !variable.hasInitializer()) return false;
    std::vector<const Constant *> pending{variable.getInitializer()};
    while (!pending.empty()) {
        const Constant *constant = pending.back();
        pending.pop_back();
        if (isa<GlobalValue>(constant) || isa<BlockAddress>(constant)) return false;
        for (const Use &use : constant->operands()) pending.push_back(cast<Constant>(use.get()));
    }
    return true;
}

extern "C" int passlab_transplant_function(LLVMModuleRef destinationRef, LLVMModuleRef sourceRef, const char *name,
                                           char **error) {
    Module &destination = *unwrap(destinationRef);
    Module &source = *unwrap(sourceRef);
    auto fail = [&](const std::string &reason) {
        *error = copyText(reason);
        return 1;
    };
    if (&destination.getContext() != &source.getContext()) return fail("the two modules are in different contexts");
    Function *target = destination.getFunction(name);
    Function *body = source.getFunction(name);
    if (!target || target->isDeclaration()) return fail("the base list leaves no definition of it");
    if (!body || body->isDeclaration()) return fail("its list leaves no definition of it");
    if (target->getFunctionType() != body->getFunctionType()) return fail("its lists gave it different signatures");
    if (target->getCallingConv() != body->getCallingConv()) return fail("its lists gave it different calling conventions");
    if (target->hasComdat() != body->hasComdat()) return fail("its lists put it in a comdat differently");

    SmallPtrSet<GlobalValue *, 32> references;
    std::string problem;
    if (!collectReferences(*body, references, problem)) return fail(problem);

    // Map each global the body uses to the base module's global of that
    // name, which must be the same kind of thing; external declarations the
    // base module dropped are declared again, data-only constants copied.
    ValueToValueMapTy map;
    std::vector<GlobalValue *> created;
    auto undo = [&]() {
        for (GlobalValue *global : created) global->eraseFromParent();
    };
    for (GlobalValue *global : references) {
        if (global == body) {
            map[global] = target;
            continue;
        }
        GlobalValue *counterpart = destination.getNamedValue(global->getName());
        if (!counterpart) {
            if (auto *callee = dyn_cast<Function>(global); callee && callee->isDeclaration()) {
                Function *declaration = Function::Create(callee->getFunctionType(), callee->getLinkage(),
                                                         callee->getAddressSpace(), callee->getName(), &destination);
                declaration->copyAttributesFrom(callee);
                created.push_back(declaration);
                counterpart = declaration;
            } else if (auto *variable = dyn_cast<GlobalVariable>(global); variable && isPlainData(*variable)) {
                auto *copy = new GlobalVariable(destination, variable->getValueType(), true, variable->getLinkage(),
                                                variable->getInitializer(), variable->getName(), nullptr,
                                                variable->getThreadLocalMode(), variable->getAddressSpace());
                copy->copyAttributesFrom(variable);
                created.push_back(copy);
                counterpart = copy;
            } else if (auto *variable = dyn_cast<GlobalVariable>(global); variable && variable->isDeclaration()) {
                auto *declaration = new GlobalVariable(destination, variable->getValueType(), variable->isConstant(),
                                                       variable->getLinkage(), nullptr, variable->getName(), nullptr,
                                                       variable->getThreadLocalMode(), variable->getAddressSpace());
                declaration->copyAttributesFrom(variable);
                created.push_back(declaration);
                counterpart = declaration;
            } else {
                undo();
                return fail("it calls or uses @" + global->getName().str() + ", which the base list does not keep");
            }
        }
        if (counterpart->getValueType() != global->getValueType() ||
            counterpart->getAddressSpace() != global->getAddressSpace() ||
            counterpart->getName() != global->getName()) {
            undo();
            return fail("it uses @" + global->getName().str() + ", which the base list changed");
        }
        if (auto *callee = dyn_cast<Function>(global)) {
            auto *base = dyn_cast<Function>(counterpart);
            if (!base || base->getCallingConv() != callee->getCallingConv() ||
                (base->hasLocalLinkage() && !base->getReturnType()->isVoidTy() && returnsUndefined(*base))) {
                undo();
                return fail("it calls @" + global->getName().str() + ", which the base list changed");
            }
        } else if (auto *variable = dyn_cast<GlobalVariable>(global)) {
            auto *base = dyn_cast<GlobalVariable>(counterpart);
            if (!base || base->isConstant() != variable->isConstant() ||
                base->hasLocalLinkage() != variable->hasLocalLinkage()) {
                undo();
                return fail("it uses @" + global->getName().str() + ", which the base list changed");
            }
        } else if (!isa<GlobalAlias>(global) || !isa<GlobalAlias>(counterpart)) {
            undo();
            return fail("it uses @" + global->getName().str() + " in a way PassLab does not transplant");
        }
        map[global] = counterpart;
    }

    // Replace the body, keeping the base definition's linkage and comdat.
    auto linkage = target->getLinkage();
    Comdat *comdat = target->getComdat();
    target->dropAllReferences();
    auto targetArgument = target->arg_begin();
    for (Argument &argument : body->args()) {
        targetArgument->setName(argument.getName());
        map[&argument] = &*targetArgument++;
    }
    SmallVector<ReturnInst *, 8> returns;
    // CloneFunctionInto adds `!llvm.dbg.cu` to a module without debug
    // information, empty; clang-19, llc-19 and opt-19 then warn "ignoring
    // debug info with an invalid version (0)" on the module written. Drop
    // it again when it was not there and stays empty.
    Module &owner = *target->getParent();
    bool hadCompileUnits = owner.getNamedMetadata("llvm.dbg.cu") != nullptr;
    CloneFunctionInto(target, body, map, CloneFunctionChangeType::DifferentModule, returns);
    if (NamedMDNode *units = owner.getNamedMetadata("llvm.dbg.cu");
        units && !hadCompileUnits && units->getNumOperands() == 0) {
        owner.eraseNamedMetadata(units);
    }
    target->setLinkage(linkage);
    target->setComdat(comdat);
    return 0;
}
