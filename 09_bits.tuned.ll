; ModuleID = 'Tests/Fixtures/programs/09_bits.c'
source_filename = "Tests/Fixtures/programs/09_bits.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@main.samples = internal unnamed_addr constant [8 x i32] [i32 0, i32 1, i32 -2147483648, i32 -1, i32 305419896, i32 -559038737, i32 15790080, i32 1437226410], align 16
@.str = private unnamed_addr constant [69 x i8] c"%08x pop=%2u rev=%08x clz=%2u par=%u gray=%08x back=%08x rotl7=%08x\0A\00", align 1
@.str.1 = private unnamed_addr constant [14 x i8] c"combinations:\00", align 1
@.str.2 = private unnamed_addr constant [6 x i8] c" %02x\00", align 1

; Function Attrs: minsize nofree nounwind optsize uwtable
define dso_local noundef i32 @main() local_unnamed_addr #0 {
  br label %1

1:                                                ; preds = %27, %0
  %.016 = phi i32 [ 0, %0 ], [ %30, %27 ]
  %2 = icmp ult i32 %.016, 8
  br i1 %2, label %3, label %31

3:                                                ; preds = %1
  %4 = zext nneg i32 %.016 to i64
  %5 = getelementptr inbounds [8 x i32], ptr @main.samples, i64 0, i64 %4
  %6 = load i32, ptr %5, align 4, !tbaa !5
  %7 = tail call range(i32 0, 33) i32 @llvm.ctpop.i32(i32 %6)
  %8 = tail call noundef i32 @llvm.bitreverse.i32(i32 %6)
  %9 = tail call fastcc i32 @clz32(i32 noundef %6) #5
  %10 = lshr i32 %6, 16
  %11 = xor i32 %10, %6
  %12 = lshr i32 %11, 8
  %13 = xor i32 %12, %11
  %14 = lshr i32 %13, 4
  %15 = xor i32 %14, %13
  %16 = and i32 %15, 15
  %17 = lshr i32 27030, %16
  %18 = and i32 %17, 1
  %19 = lshr i32 %6, 1
  %20 = xor i32 %19, %6
  br label %21

21:                                               ; preds = %23, %3
  %.06.i = phi i32 [ %20, %3 ], [ %25, %23 ]
  %.0.i = phi i32 [ 1, %3 ], [ %26, %23 ]
  %22 = icmp ult i32 %.0.i, 32
  br i1 %22, label %23, label %27

23:                                               ; preds = %21
  %24 = lshr i32 %.06.i, %.0.i
  %25 = xor i32 %24, %.06.i
  %26 = shl nuw nsw i32 %.0.i, 1
  br label %21, !llvm.loop !9

27:                                               ; preds = %21
  %.06.i.lcssa = phi i32 [ %.06.i, %21 ]
  %28 = tail call noundef i32 @llvm.fshl.i32(i32 %6, i32 %6, i32 7)
  %29 = tail call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str, i32 noundef %6, i32 noundef %7, i32 noundef %8, i32 noundef %9, i32 noundef %18, i32 noundef %20, i32 noundef %.06.i.lcssa, i32 noundef %28) #5
  %30 = add nuw nsw i32 %.016, 1
  br label %1, !llvm.loop !11

31:                                               ; preds = %1
  %32 = tail call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str.1) #5
  br label %33

33:                                               ; preds = %35, %31
  %.015 = phi i32 [ 7, %31 ], [ %48, %35 ]
  %.0 = phi i32 [ 0, %31 ], [ %49, %35 ]
  %34 = icmp ult i32 %.0, 10
  br i1 %34, label %35, label %50

35:                                               ; preds = %33
  %36 = tail call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str.2, i32 noundef %.015) #5
  %37 = add i32 %.015, -1
  %38 = or i32 %37, %.015
  %.neg.i = add i32 %38, 1
  %39 = xor i32 %38, -1
  %40 = and i32 %.neg.i, %39
  %41 = add i32 %40, -1
  %42 = sub i32 0, %.015
  %43 = and i32 %.015, %42
  %44 = tail call fastcc i32 @clz32(i32 noundef %43) #5
  %45 = sub nsw i32 31, %44
  %46 = lshr i32 %41, %45
  %47 = lshr i32 %46, 1
  %48 = or i32 %47, %.neg.i
  %49 = add nuw nsw i32 %.0, 1
  br label %33, !llvm.loop !12

50:                                               ; preds = %33
  %putchar = tail call i32 @putchar(i32 10)
  ret i32 0

; uselistorder directives
  uselistorder i32 %.016, { 1, 2, 0 }
  uselistorder i32 %6, { 8, 0, 1, 2, 3, 4, 5, 9, 6, 7 }
  uselistorder i32 %20, { 1, 0 }
  uselistorder i32 %.0, { 1, 0 }
}

; Function Attrs: minsize nofree nounwind optsize
declare noundef i32 @printf(ptr nocapture noundef readonly, ...) local_unnamed_addr #1

; Function Attrs: minsize mustprogress nofree norecurse nosync nounwind optsize willreturn memory(none) uwtable
define internal fastcc range(i32 0, 33) i32 @clz32(i32 noundef %0) unnamed_addr #2 {
  %2 = icmp eq i32 %0, 0
  br i1 %2, label %21, label %3

3:                                                ; preds = %1
  %.not = icmp ult i32 %0, 65536
  br i1 %.not, label %4, label %6

4:                                                ; preds = %3
  %5 = shl nuw i32 %0, 16
  br label %6

6:                                                ; preds = %4, %3
  %.017 = phi i32 [ %0, %3 ], [ %5, %4 ]
  %.0 = phi i32 [ 0, %3 ], [ 16, %4 ]
  %.not23 = icmp ult i32 %.017, 16777216
  br i1 %.not23, label %7, label %10

7:                                                ; preds = %6
  %8 = or disjoint i32 %.0, 8
  %9 = shl nuw i32 %.017, 8
  br label %10

10:                                               ; preds = %7, %6
  %.118 = phi i32 [ %.017, %6 ], [ %9, %7 ]
  %.1 = phi i32 [ %.0, %6 ], [ %8, %7 ]
  %.not24 = icmp ult i32 %.118, 268435456
  br i1 %.not24, label %11, label %14

11:                                               ; preds = %10
  %12 = add nuw nsw i32 %.1, 4
  %13 = shl nuw i32 %.118, 4
  br label %14

14:                                               ; preds = %11, %10
  %.219 = phi i32 [ %.118, %10 ], [ %13, %11 ]
  %.2 = phi i32 [ %.1, %10 ], [ %12, %11 ]
  %.not25 = icmp ult i32 %.219, 1073741824
  br i1 %.not25, label %15, label %18

15:                                               ; preds = %14
  %16 = add nuw nsw i32 %.2, 2
  %17 = shl nuw i32 %.219, 2
  br label %18

18:                                               ; preds = %15, %14
  %.320 = phi i32 [ %.219, %14 ], [ %17, %15 ]
  %.3 = phi i32 [ %.2, %14 ], [ %16, %15 ]
  %.not26 = icmp sgt i32 %.320, -1
  br i1 %.not26, label %19, label %21

19:                                               ; preds = %18
  %20 = add nuw nsw i32 %.3, 1
  br label %21

21:                                               ; preds = %18, %19, %1
  %.021 = phi i32 [ 32, %1 ], [ %.3, %18 ], [ %20, %19 ]
  ret i32 %.021

; uselistorder directives
  uselistorder i32 %0, { 1, 2, 0, 3 }
  uselistorder i32 %.017, { 2, 1, 0 }
  uselistorder i32 %.0, { 1, 0 }
  uselistorder i32 %.118, { 2, 1, 0 }
  uselistorder i32 %.1, { 1, 0 }
  uselistorder i32 %.219, { 2, 1, 0 }
  uselistorder i32 %.2, { 1, 0 }
  uselistorder label %21, { 1, 0, 2 }
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i32 @llvm.ctpop.i32(i32) #3

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i32 @llvm.bitreverse.i32(i32) #3

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i32 @llvm.fshl.i32(i32, i32, i32) #3

; Function Attrs: nofree nounwind
declare noundef i32 @putchar(i32 noundef) local_unnamed_addr #4

; uselistorder directives
uselistorder i32 0, { 1, 4, 5, 0, 2, 3 }
uselistorder i32 8, { 3, 2, 1, 0 }
uselistorder i32 16, { 1, 2, 0 }
uselistorder i32 4, { 1, 2, 0 }
uselistorder i32 1, { 6, 7, 0, 1, 8, 3, 2, 4, 5 }
uselistorder i32 32, { 1, 0 }
uselistorder i32 7, { 1, 0 }
uselistorder i32 -1, { 3, 0, 1, 2 }
uselistorder ptr @clz32, { 1, 0 }

attributes #0 = { minsize nofree nounwind optsize uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { minsize nofree nounwind optsize "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #2 = { minsize mustprogress nofree norecurse nosync nounwind optsize willreturn memory(none) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #3 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #4 = { nofree nounwind }
attributes #5 = { minsize optsize }

!llvm.module.flags = !{!0, !1, !2, !3}
!llvm.ident = !{!4}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 8, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 2}
!4 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!5 = !{!6, !6, i64 0}
!6 = !{!"int", !7, i64 0}
!7 = !{!"omnipotent char", !8, i64 0}
!8 = !{!"Simple C/C++ TBAA"}
!9 = distinct !{!9, !10}
!10 = !{!"llvm.loop.mustprogress"}
!11 = distinct !{!11, !10}
!12 = distinct !{!12, !10}
